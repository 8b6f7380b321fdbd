import { LOCKS, withAdvisoryLock } from '../db/advisory-lock';
import type { Db } from '../db/knex';
import { deleteOldKeys } from '../models/idempotency-keys';
import { deleteEndedLimits } from '../models/rate-limits';
import { deleteExpiredSessions } from '../models/sessions';
import { deleteFinishedDeliveries, deleteSettledEvents } from '../models/webhooks';

export interface HousekeepingOptions {
  /** Finished webhook deliveries and their events are kept this many days (WEBHOOK_RETENTION_DAYS). */
  webhookRetentionDays?: number;
  /** Rows one DELETE removes: each batch is its own short transaction. */
  batchSize?: number;
  clock?: () => Date;
}

export interface HousekeepingCounts {
  sessions: number;
  limits: number;
  idempotencyKeys: number;
  webhookDeliveries: number;
  webhookEvents: number;
}

/** At most this many batches of each kind per turn; the next turn (ten minutes later) goes on. */
const MAX_BATCHES = 100;

/**
 * Deletes expired sessions, ended rate-limit windows, API idempotency keys older than a day, and the
 * webhook history past its retention. Every mail worker runs this from time to time, however many
 * there are: the advisory lock lets one process do it while the others skip their turn (null),
 * instead of N processes deleting the same rows at once.
 */
export async function pruneExpired(db: Db, options: HousekeepingOptions = {}): Promise<HousekeepingCounts | null> {
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
  if (!result.ran) return null;
  return { ...result.value, ...(await pruneWebhookHistory(db, options)) };
}

/**
 * Deliveries delivered or given up more than `webhookRetentionDays` ago (30 by default), then the
 * events no delivery refers to any more, in batches of `batchSize` (1,000): each batch is one
 * DELETE in its own transaction under the housekeeping lock, so a large backlog never holds many
 * row locks or one long transaction, and the deliveries' page keeps its recent rows.
 */
export async function pruneWebhookHistory(
  db: Db,
  options: HousekeepingOptions = {},
): Promise<Pick<HousekeepingCounts, 'webhookDeliveries' | 'webhookEvents'>> {
  const days = options.webhookRetentionDays ?? 30;
  const batch = options.batchSize ?? 1000;
  const before = new Date((options.clock?.() ?? new Date()).getTime() - days * 86_400_000);
  const counts = { webhookDeliveries: 0, webhookEvents: 0 };
  const steps = [
    ['webhookDeliveries', deleteFinishedDeliveries],
    ['webhookEvents', deleteSettledEvents],
  ] as const;
  for (const [key, prune] of steps) {
    for (let n = 0; n < MAX_BATCHES; n++) {
      const done = await withAdvisoryLock(db, LOCKS.housekeeping, (trx) => prune(trx, before, batch), {
        wait: false,
      });
      // Another process is at it: it will finish the job.
      if (!done.ran) return counts;
      counts[key] += done.value;
      if (done.value < batch) break;
    }
  }
  return counts;
}
