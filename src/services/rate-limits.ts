import type { Db } from '../db/knex';

/**
 * Fixed-window counters kept in PostgreSQL, so every app process shares them.
 * A window starts at the first hit and lasts windowSeconds.
 */
export async function hitLimit(db: Db, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  const result = await db.raw<{ rows: { hits: number; reset_at: Date }[] }>(
    `INSERT INTO rate_limits (key, hits, reset_at) VALUES (:key, 1, now() + make_interval(secs => :window))
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
       reset_at = CASE WHEN rate_limits.reset_at <= now() THEN excluded.reset_at ELSE rate_limits.reset_at END
     RETURNING hits, reset_at`,
    { key, window: windowSeconds },
  );
  const row = result.rows[0];
  return { hits: row.hits, resetAt: row.reset_at };
}

/** Hits in the current window (0 when the window has passed). */
export async function currentHits(db: Db, key: string): Promise<{ hits: number; resetAt: Date | null }> {
  const row = await db('rate_limits').where({ key }).andWhere('reset_at', '>', db.fn.now()).first('hits', 'reset_at');
  return row ? { hits: row.hits as number, resetAt: row.reset_at as Date } : { hits: 0, resetAt: null };
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db('rate_limits').where({ key }).delete();
}

export async function pruneLimits(db: Db): Promise<number> {
  return db('rate_limits').where('reset_at', '<', db.raw("now() - interval '1 hour'")).delete();
}
