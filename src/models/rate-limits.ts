import type { Db } from '../db/knex';

/** A counter's current window: how many hits, and when the window ends. */
export interface LimitWindow {
  hits: number;
  resetAt: Date;
}

/** How a hit meets an existing counter: counted in its window, or the start of a new one. */
export const HIT_ON_CONFLICT = `ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
       reset_at = CASE WHEN rate_limits.reset_at <= now() THEN excluded.reset_at ELSE rate_limits.reset_at END
     RETURNING hits, reset_at`;

/**
 * One hit on a fixed-window counter, atomically: a window starts at the first hit and lasts
 * windowSeconds; a hit after it ends starts a new one.
 */
export async function incrementLimit(db: Db, key: string, windowSeconds: number): Promise<LimitWindow> {
  const result = await db.raw<{ rows: { hits: number; reset_at: Date }[] }>(
    `INSERT INTO rate_limits (key, hits, reset_at) VALUES (:key, 1, now() + make_interval(secs => :window))
     ${HIT_ON_CONFLICT}`,
    { key, window: windowSeconds },
  );
  const row = result.rows[0];
  return { hits: row.hits, resetAt: row.reset_at };
}

/** The counter's window if it has not ended yet. */
export async function openWindow(db: Db, key: string): Promise<LimitWindow | undefined> {
  const row = await db('rate_limits').where({ key }).andWhere('reset_at', '>', db.fn.now()).first('hits', 'reset_at');
  return row ? { hits: row.hits as number, resetAt: row.reset_at as Date } : undefined;
}

export async function deleteLimit(db: Db, key: string): Promise<void> {
  await db('rate_limits').where({ key }).delete();
}

/** Removes windows that ended more than an hour ago; returns how many. */
export async function deleteEndedLimits(db: Db): Promise<number> {
  return db('rate_limits').where('reset_at', '<', db.raw("now() - interval '1 hour'")).delete();
}
