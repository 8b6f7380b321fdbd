import type { MemberUser } from '../../current-user';
import type { Db } from '../../db/knex';
import { recordAudit, type AuditEvent } from '../audit';

/** The account a parent acts on: itself and where it sits. */
export interface ManagedTarget {
  id: number;
  parent_id: number | null;
}

/**
 * What a parent does to an account below it is written in the account's «Actividad de la cuenta»
 * and in its parent's; a platform admin working on a reseller's customer also finds it in the
 * platform's own log. One event per account, all about the same target (the child), in the
 * caller's transaction. `inAccount: false` when the use case already wrote the account's own
 * event (an invitation records `user.invited` there itself).
 */
export async function recordManagedAudit(
  trx: Db,
  current: MemberUser,
  account: ManagedTarget,
  event: Pick<AuditEvent, 'action' | 'metadata' | 'ip'>,
  options: { inAccount?: boolean } = {},
): Promise<void> {
  const ids = new Set([account.id, account.parent_id, current.account.id]);
  if (options.inAccount === false) ids.delete(account.id);
  for (const accountId of ids) {
    if (accountId === null) continue;
    await recordAudit(trx, {
      ...event,
      accountId,
      actorUserId: current.id,
      targetType: 'account',
      targetId: account.id,
    });
  }
}
