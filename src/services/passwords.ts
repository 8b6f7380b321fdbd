import os from 'node:os';
import bcrypt from 'bcrypt';
import { MAX_PASSWORD_BYTES } from '../domain/password-policy';

export const BCRYPT_COST = 12;

/**
 * At most this many bcrypt computations run at once, one core left for every other page. bcrypt
 * runs on libuv's thread pool (4 threads), so without a bound a burst of sign-ins takes every core
 * and the pages beside it wait; the rest queue here, in order.
 */
export const BCRYPT_CONCURRENCY = Math.max(1, os.availableParallelism() - 1);

let running = 0;
const waiting: (() => void)[] = [];

async function bounded<T>(work: () => Promise<T>): Promise<T> {
  if (running >= BCRYPT_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
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
