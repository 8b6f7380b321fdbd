import type { Db } from './knex';

/**
 * PostgreSQL advisory locks shared by every process on one database: whatever runs under one of
 * these keys runs in one process at a time, however many web processes and workers are started.
 * The keys are arbitrary, fixed numbers; each names one job.
 */
export const LOCKS = {
  /** Applying migrations (npm run db:migrate, or processes migrating as they start). */
  migrate: 7_140_001,
  /** Deleting expired sessions and rate-limit windows. */
  housekeeping: 7_140_002,
} as const;

export type LockedResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` while holding the transaction-level advisory lock `key` (released at commit, rollback,
 * or when the connection dies with its process). `wait: false` gives up at once when another
 * session holds it; `wait: true` polls, so no single statement waits long (statement timeouts stay
 * meaningful) and a waiting process can still be stopped.
 */
export async function withAdvisoryLock<T>(
  db: Db,
  key: number,
  fn: (trx: Db) => Promise<T>,
  options: { wait: boolean; pollMs?: number },
): Promise<LockedResult<T>> {
  return db.transaction(async (trx): Promise<LockedResult<T>> => {
    for (;;) {
      const { rows } = await trx.raw<{ rows: { locked: boolean }[] }>('SELECT pg_try_advisory_xact_lock(?) AS locked', [
        key,
      ]);
      if (rows[0]?.locked) return { ran: true, value: await fn(trx) };
      if (!options.wait) return { ran: false };
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  });
}
