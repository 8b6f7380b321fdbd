import type { Request } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { findManagedAccount, type ManagedAccount } from '../../models/accounts';
import { allowedActions, type ManagedAccountAction } from '../../policies/managed-accounts';
import { positiveId } from '../../domain/ids';
import { listLocalsFor } from './account-page';

/**
 * The account a /manager/accounts/:id/… action is about, looked up below the user's account (any
 * other id is 404, like another reseller's account), and the policy's answer for the action (403).
 */
export async function loadManaged(
  deps: AppDeps,
  current: MemberUser,
  idParam: unknown,
  action: ManagedAccountAction,
): Promise<ManagedAccount> {
  const id = positiveId(idParam);
  const account = id === null ? undefined : await findManagedAccount(deps.db, current.account.id, id);
  if (!account || !allowedActions(current, account).view) throw new NotFoundError();
  if (!allowedActions(current, account)[action]) throw new ForbiddenError();
  return account;
}

/** What every page about one account shows besides its own part: the list on the left (its search kept). */
export async function managedPageLocals(deps: AppDeps, req: Request, current: MemberUser, account: ManagedAccount) {
  return {
    ...(await listLocalsFor(deps, current, account, { q: req.query.q })),
    managed: account,
    actions: allowedActions(current, account),
  };
}

/** The account's page, where every action on it lands (with its flash), at `anchor` if given. */
export function accountPath(account: ManagedAccount, anchor?: string): string {
  return `/manager/accounts/${account.id}${anchor ? `#${anchor}` : ''}`;
}
