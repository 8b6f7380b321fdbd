/* The outbox and the webhook deliveries, as the scale test watches them drain after a worker is killed. */
import type { Db } from '../../src/db/knex';
import { waitFor } from './harness';

export interface QueueTable {
  table: 'mail_outbox' | 'webhook_deliveries';
  /** The status of a row that reached its receiver. */
  done: 'sent' | 'delivered';
}

export const OUTBOX: QueueTable = { table: 'mail_outbox', done: 'sent' };
export const DELIVERIES: QueueTable = { table: 'webhook_deliveries', done: 'delivered' };

/** Rows of the queue by status. */
export async function statusCounts(db: Db, queue: QueueTable): Promise<Record<string, number>> {
  const rows = await db(queue.table)
    .groupBy('status')
    .select('status')
    .count<{ status: string; count: number }[]>('* as count');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

/**
 * After one of two workers was SIGKILLed: waits until the survivor has delivered everything it can
 * (nothing pending, the counts unchanged for 30 polls), so that what stays "sending" is what the
 * killed worker had claimed; ends those claims' lease now instead of when it runs out (the survivor
 * takes them over); then waits until all `total` rows are done. Returns how many the killed worker
 * held: the most duplicates its death may cause.
 */
export async function drainAfterKill(db: Db, queue: QueueTable, total: number): Promise<number> {
  let stable = 0;
  let last = '';
  await waitFor(
    'the surviving worker to deliver all it can',
    async () => {
      const c = await statusCounts(db, queue);
      const key = JSON.stringify(c);
      stable = key === last ? stable + 1 : 0;
      last = key;
      return (c.pending ?? 0) === 0 && (c[queue.done] ?? 0) + (c.sending ?? 0) === total && stable >= 30;
    },
    120_000,
  );
  const orphaned = (await statusCounts(db, queue)).sending ?? 0;
  await db(queue.table)
    .where({ status: 'sending' })
    .update({ locked_until: db.raw("now() - interval '1 second'") });
  await waitFor(
    `every row of ${queue.table} ${queue.done}`,
    async () => (await statusCounts(db, queue))[queue.done] === total,
    60_000,
  );
  return orphaned;
}
