import type { Request } from 'express';
import type { Db } from '../../db/knex';
import { ForbiddenError, NotFoundError } from '../../middleware/errors';
import { findAccountUser, type AccountUser } from '../../models/account-users';
import { accountUserPolicy, type AccountUserAction } from '../../policies/account-users';

/**
 * The user named by :id, looked up within the current account (another account's id is 404),
 * and checked against the policy for the action (403 when not allowed).
 */
export async function loadTarget(db: Db, req: Request, action?: AccountUserAction): Promise<AccountUser> {
  const current = req.current!;
  const target = await findAccountUser(db, current.account!.id, Number(req.params.id));
  if (!target) throw new NotFoundError();
  if (action && !accountUserPolicy[action](current, target)) throw new ForbiddenError();
  return target;
}
