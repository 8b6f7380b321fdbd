import type { Request } from 'express';
import type { AccountKind } from './domain/account-kinds';
import type { Role, Section } from './domain/permissions';

/** The membership the user is working in. */
export interface Membership {
  id: number;
  role: Role;
  permissions: string[];
  accountScope: 'all' | 'assigned';
  defaultApp: string | null;
}

/** The account the user is working in. */
export interface CurrentAccount {
  id: number;
  kind: AccountKind;
  name: string;
  realm: string;
}

/** The signed-in user, as every request re-reads it (src/middleware/current-user.ts). */
export interface CurrentUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  department: string;
  employeeNumber: string;
  locale: 'es' | 'en';
  /** Null until a user with several memberships picks an account. */
  membership: Membership | null;
  account: CurrentAccount | null;
  /** The sections this user may use in the chosen account. */
  sections: Set<Section>;
  activeMemberships: number;
}

/** A signed-in user working in an account: what every route behind an in-account policy sees. */
export interface MemberUser extends CurrentUser {
  membership: Membership;
  account: CurrentAccount;
}

export function isMember(current: CurrentUser | undefined): current is MemberUser {
  return current?.membership != null && current.account != null;
}

/**
 * Thrown when a handler that needs a user runs without one: the route table pairs every such
 * handler with a policy that rules this out, so reaching it is a wiring bug (a 500), not a 403.
 */
export class MissingUserError extends Error {
  constructor(what: string) {
    super(`route reached without ${what}: check its policy in src/routes.ts`);
  }
}

/** The signed-in user of a request behind a signed-in policy. */
export function signedInUser(req: Request): CurrentUser {
  if (!req.current) throw new MissingUserError('a signed-in user');
  return req.current;
}

/** The user and account of a request behind an in-account policy. */
export function memberUser(req: Request): MemberUser {
  const current = req.current;
  if (!isMember(current)) throw new MissingUserError('an account');
  return current;
}
