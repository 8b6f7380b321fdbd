import type { Db } from '../../db/knex';
import { actorUserId, type Actor } from '../../domain/actor';
import { recordAudit, type AuditEvent } from '../audit';
import type { ManagedTarget } from './managed-audit';

/**
 * recordManagedAudit for a use case the pages and the API share: the event goes to the account's
 * «Actividad de la cuenta», its parent's, and the actor's own account's (a platform admin or a
 * platform token working on a reseller's customer), once each, in the caller's transaction. The
 * actor is a user or a token; the event names the user, or the token's creator.
 */
export async function recordActorAudit(
  trx: Db,
  actor: Actor,
  account: ManagedTarget,
  event: Pick<AuditEvent, 'action' | 'metadata' | 'ip' | 'targetType' | 'targetId'>,
  actorAccountId?: number,
): Promise<void> {
  const ids = new Set([account.id, account.parent_id, actorAccountId ?? null]);
  for (const accountId of ids) {
    if (accountId === null) continue;
    await recordAudit(trx, {
      targetType: 'account',
      targetId: account.id,
      ...event,
      accountId,
      actorUserId: actorUserId(actor),
    });
  }
}
