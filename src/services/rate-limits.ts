import type { Db } from '../db/knex';
import { deleteEndedLimits, deleteLimit, incrementLimit, openWindow } from '../models/rate-limits';

/**
 * Fixed-window counters kept in PostgreSQL, so every app process shares them.
 * A window starts at the first hit and lasts windowSeconds.
 */
export async function hitLimit(db: Db, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  return incrementLimit(db, key, windowSeconds);
}

/** Hits in the current window (0 when the window has passed). */
export async function currentHits(db: Db, key: string): Promise<{ hits: number; resetAt: Date | null }> {
  return (await openWindow(db, key)) ?? { hits: 0, resetAt: null };
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await deleteLimit(db, key);
}

export async function pruneLimits(db: Db): Promise<number> {
  return deleteEndedLimits(db);
}

/** Seconds until a window ends (at least 1), for a Retry-After header. */
export function secondsUntil(resetAt: Date | null, now = Date.now()): number {
  return Math.max(1, Math.ceil(((resetAt?.getTime() ?? now) - now) / 1000));
}
