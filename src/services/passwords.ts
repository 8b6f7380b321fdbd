import os from 'node:os';
import bcrypt from 'bcrypt';
import { MAX_PASSWORD_BYTES } from '../domain/password-policy';
import { ServiceBusyError } from '../domain/errors';

export const BCRYPT_COST = 12;

/**
 * At most this many bcrypt computations run at once, one core left for every other page. bcrypt
 * runs on libuv's thread pool (4 threads), so without a bound a burst of sign-ins takes every core
 * and the pages beside it wait; the rest queue here, in order.
 */
export const BCRYPT_CONCURRENCY = Math.max(1, os.availableParallelism() - 1);

/**
 * The longest a computation may wait for a slot. A sign-in storm (300 at once queued for 68 s,
 * past nginx's 60 s) sheds what would wait longer: it answers at once with the 503 page and
 * Retry-After, so the queue never holds more than this much work.
 */
export const BCRYPT_MAX_WAIT_MS = 3000;

let running = 0;
const waiting: (() => void)[] = [];
// How long one computation takes here (a moving average; cost 12 is about 250 ms on a server core).
let averageMs = 250;

/**
 * The computations that may wait: what the slots get through in BCRYPT_MAX_WAIT_MS, and never fewer
 * than a few (a double click on a slow, busy machine is not a storm).
 */
export function bcryptQueueLimit(): number {
  return Math.max(4, Math.floor((BCRYPT_MAX_WAIT_MS / averageMs) * BCRYPT_CONCURRENCY));
}

async function bounded<T>(work: () => Promise<T>): Promise<T> {
  if (running >= BCRYPT_CONCURRENCY) {
    if (waiting.length >= bcryptQueueLimit()) throw new ServiceBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running += 1;
  const started = performance.now();
  try {
    return await work();
  } finally {
    averageMs = Math.max(1, averageMs * 0.8 + (performance.now() - started) * 0.2);
    // The slot passes straight to the next in line, or is given back.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

let dummyHash: Promise<string> | undefined;

export function hashSecret(secret: string): Promise<string> {
  return bounded(() => bcrypt.hash(secret, BCRYPT_COST));
}

/**
 * Compares against the stored hash, or against a throwaway hash when there is none, so that an
 * unknown e-mail costs the same time as a wrong password.
 */
export async function verifySecret(secret: string, hash: string | null | undefined): Promise<boolean> {
  if (Buffer.byteLength(secret, 'utf8') > MAX_PASSWORD_BYTES) return false;
  if (!hash) {
    dummyHash ??= hashSecret('cuentas-no-such-user');
    const stored = await dummyHash;
    await bounded(() => bcrypt.compare(secret, stored));
    return false;
  }
  return bounded(() => bcrypt.compare(secret, hash));
}
