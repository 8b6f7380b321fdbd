import type { Db } from '../db/knex';
import { currentHits, hitLimit } from './rate-limits';

/** One window for every credential check: sign-in, current password, invitation, security answers. */
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
/** Failures per e-mail address before it is locked for the rest of the window. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failures per client address before it gets 429 for the rest of the window. */
export const MAX_FAILURES_PER_IP = 20;

const emailKey = (email: string) => `login:email:${email}`;
const ipKey = (ip: string | undefined) => `login:ip:${ip ?? 'unknown'}`;

export async function isEmailLocked(db: Db, email: string): Promise<boolean> {
  return (await currentHits(db, emailKey(email))).hits >= MAX_FAILURES_PER_EMAIL;
}

/** Seconds until this client address may try again, or 0 when it may try now. */
export async function ipRetryAfter(db: Db, ip: string | undefined): Promise<number> {
  const { hits, resetAt } = await currentHits(db, ipKey(ip));
  if (hits < MAX_FAILURES_PER_IP) return 0;
  return Math.max(1, Math.ceil(((resetAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
}

export async function recordCredentialFailure(db: Db, email: string, ip: string | undefined): Promise<void> {
  await hitLimit(db, ipKey(ip), LOCKOUT_WINDOW_SECONDS);
  await hitLimit(db, emailKey(email), LOCKOUT_WINDOW_SECONDS);
}
