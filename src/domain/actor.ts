/** Who does a thing: a person signed in to the portal, or an integration token acting for its account. */
export type Actor =
  | { kind: 'user'; userId: number }
  | {
      kind: 'token';
      tokenId: number;
      tokenName: string;
      createdByUserId: number | null;
      /** The account the token belongs to, where it acts from. */
      accountId: number;
      /** The name an e-mail gives it («X te invita…»): its creator's, else its account's. */
      displayName: string;
    };

/** The person an audit event names: the user, or the token's creator. */
export const actorUserId = (actor: Actor): number | null =>
  actor.kind === 'user' ? actor.userId : actor.createdByUserId;

export const userActor = (userId: number): Actor => ({ kind: 'user', userId });
