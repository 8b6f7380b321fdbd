import type { MemberUser } from '../../current-user';
import type { AppDeps } from '../../app-deps';
import { userActor, type Actor } from '../../domain/actor';
import { actingAccountId } from '../../models/actors';
import { recordAudits, type AuditEvent } from '../audit';

/** The account a parent acts on: itself and where it sits. */
export interface ManagedTarget {
  id: number;
  parent_id: number | null;
}

/**
 * What a parent does to an account below it is written in the account's «Actividad de la cuenta»
 * and in its parent's; a platform admin (or the platform's token) working on a reseller's customer
 * also finds it in the platform's own log. One event per account, all about the same target (the
 * child), in the caller's transaction (`{ ...deps, db: trx }`). `inAccount: false` when the use
 * case already wrote the account's own event (an invitation records `user.invited` there itself).
 *
 * `who` is the actor; a signed-in user (MemberUser) is still accepted, for the callers that have
 * not moved to an explicit actor yet.
 */
export async function recordManagedAudit(
  { db }: Pick<AppDeps, 'db'>,
  who: Actor | MemberUser,
  account: ManagedTarget,
  event: Pick<AuditEvent, 'action' | 'metadata' | 'ip' | 'changes'>,
  options: { inAccount?: boolean } = {},
): Promise<void> {
  await recordAudits(db, await managedAuditEvents({ db }, who, account, event, options));
}

/** The events `recordManagedAudit` writes, for a statement that writes them together with the change. */
export async function managedAuditEvents(
  { db }: Pick<AppDeps, 'db'>,
  who: Actor | MemberUser,
  account: ManagedTarget,
  event: Pick<AuditEvent, 'action' | 'metadata' | 'ip' | 'changes'>,
  options: { inAccount?: boolean } = {},
): Promise<AuditEvent[]> {
  const actor: Actor = 'kind' in who ? who : userActor(who.id);
  const from = 'kind' in who ? await actingAccountId(db, who, account.id) : who.account.id;
  const ids = new Set([account.id, account.parent_id, from]);
  if (options.inAccount === false) ids.delete(account.id);
  return [...ids].flatMap((accountId) =>
    accountId === null ? [] : [{ ...event, accountId, actor, targetType: 'account', targetId: account.id }],
  );
}
