import { LOCKS, withAdvisoryLock } from '../db/advisory-lock';
import type { Db } from '../db/knex';
import { deleteOldKeys } from '../models/idempotency-keys';
import { deleteEndedLimits } from '../models/rate-limits';
import { deleteExpiredSessions } from '../models/sessions';

/**
 * Deletes expired sessions, ended rate-limit windows and API idempotency keys older than a day. Every mail worker runs this from time to
 * time, however many there are: the advisory lock lets one process do it while the others skip
 * their turn (null), instead of N processes deleting the same rows at once.
 */
export async function pruneExpired(
  db: Db,
): Promise<{ sessions: number; limits: number; idempotencyKeys: number } | null> {
  const result = await withAdvisoryLock(
    db,
    LOCKS.housekeeping,
    async (trx) => ({
      sessions: await deleteExpiredSessions(trx),
      limits: await deleteEndedLimits(trx),
      idempotencyKeys: await deleteOldKeys(trx),
    }),
    { wait: false },
  );
  return result.ran ? result.value : null;
}
