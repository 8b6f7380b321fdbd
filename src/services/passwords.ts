import bcrypt from 'bcrypt';

export const BCRYPT_COST = 12;
/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than truncated. */
export const MAX_PASSWORD_BYTES = 72;

let dummyHash: Promise<string> | undefined;

export function hashSecret(secret: string): Promise<string> {
  return bcrypt.hash(secret, BCRYPT_COST);
}

/**
 * Compares against the stored hash, or against a throwaway hash when there is none, so that an
 * unknown e-mail costs the same time as a wrong password.
 */
export async function verifySecret(secret: string, hash: string | null | undefined): Promise<boolean> {
  if (Buffer.byteLength(secret, 'utf8') > MAX_PASSWORD_BYTES) return false;
  if (!hash) {
    dummyHash ??= bcrypt.hash('cuentas-no-such-user', BCRYPT_COST);
    await bcrypt.compare(secret, await dummyHash);
    return false;
  }
  return bcrypt.compare(secret, hash);
}
