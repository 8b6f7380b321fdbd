import { createHash, randomBytes } from 'node:crypto';

/** A secret for a link: 32 random bytes; only its SHA-256 is stored. */
export function newToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Tokens in URLs are 43 base64url characters; anything else is not looked up at all. */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export const INVITATION_TTL_MS = 72 * 3600_000;
export const RESET_TTL_MS = 3600_000;

export function expiresAt(clock: () => Date, ttlMs: number): Date {
  return new Date(clock().getTime() + ttlMs);
}
