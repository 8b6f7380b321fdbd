import type { Db } from '../db/knex';
import { verifySecret } from './passwords';
import { clearLimit, currentHits, hitLimit, secondsUntil } from './rate-limits';

/** One window for every password check: sign-in, current password, invitation. */
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
  return secondsUntil(resetAt);
}

export async function recordCredentialFailure(db: Db, email: string, ip: string | undefined): Promise<void> {
  await hitLimit(db, ipKey(ip), LOCKOUT_WINDOW_SECONDS);
  await hitLimit(db, emailKey(email), LOCKOUT_WINDOW_SECONDS);
}

/** A successful sign-in or reset starts the address's count over. */
export async function clearCredentialFailures(db: Db, email: string): Promise<void> {
  await clearLimit(db, emailKey(email));
}

/**
 * The current password, asked again before a change (password, questions, accepting an
 * invitation with an existing login): wrong or locked counts toward the same lockout as sign-in.
 */
export async function currentPasswordAccepted(
  db: Db,
  user: { email: string; passwordHash: string | null | undefined },
  password: string,
  ip: string | undefined,
): Promise<boolean> {
  const locked = await isEmailLocked(db, user.email);
  if (locked || !(await verifySecret(password, user.passwordHash))) {
    await recordCredentialFailure(db, user.email, ip);
    return false;
  }
  return true;
}

/**
 * Security answers (¿Olvidaste tu contraseña? by questions) are counted apart: anyone who knows an
 * address can answer wrongly, so their failures lock only the questions path of that address, for
 * the rest of an hour, and never the password (issue 12).
 */
export const MAX_RECOVERY_FAILURES = 5;
export const RECOVERY_WINDOW_SECONDS = 3600;
/** Wrong answers per client address, over any e-mail addresses, before it gets 429. */
export const MAX_RECOVERY_FAILURES_PER_IP = 20;

const recoveryEmailKey = (email: string) => `recovery:email:${email}`;
const recoveryIpKey = (ip: string | undefined) => `recovery:ip:${ip ?? 'unknown'}`;

export async function isRecoveryLocked(db: Db, email: string): Promise<boolean> {
  return (await currentHits(db, recoveryEmailKey(email))).hits >= MAX_RECOVERY_FAILURES;
}

/** Seconds until this client address may answer questions again, or 0 when it may now. */
export async function recoveryIpRetryAfter(db: Db, ip: string | undefined): Promise<number> {
  const { hits, resetAt } = await currentHits(db, recoveryIpKey(ip));
  return hits < MAX_RECOVERY_FAILURES_PER_IP ? 0 : secondsUntil(resetAt);
}

/** One wrong set of answers; `lockedNow` is true for the failure that locks the address's questions. */
export async function recordRecoveryFailure(
  db: Db,
  email: string,
  ip: string | undefined,
): Promise<{ lockedNow: boolean }> {
  await hitLimit(db, recoveryIpKey(ip), RECOVERY_WINDOW_SECONDS);
  const { hits } = await hitLimit(db, recoveryEmailKey(email), RECOVERY_WINDOW_SECONDS);
  return { lockedNow: hits === MAX_RECOVERY_FAILURES };
}

/** Right answers, or a new password by any path, start the address's count over. */
export async function clearRecoveryFailures(db: Db, email: string): Promise<void> {
  await clearLimit(db, recoveryEmailKey(email));
}
