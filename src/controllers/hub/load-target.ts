import type { MemberUser } from '../../current-user';
import type { Db } from '../../db/knex';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { findAccountUser, type AccountUser } from '../../models/account-users';
import { allowedActions, type AccountUserAction } from '../../policies/account-users';
import { positiveId } from '../../domain/ids';

/**
 * The user named by :id, looked up within the current account (another account's id is 404),
 * and checked against the policy for the action (403 when not allowed).
 */
export async function loadTarget(
  db: Db,
  current: MemberUser,
  id: unknown,
  action?: AccountUserAction,
): Promise<AccountUser> {
  const membershipId = positiveId(id);
  const target = membershipId === null ? undefined : await findAccountUser(db, current.account.id, membershipId);
  if (!target) throw new NotFoundError();
  if (action && !allowedActions(current, target)[action]) throw new ForbiddenError();
  return target;
}
