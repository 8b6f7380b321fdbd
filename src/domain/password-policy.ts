import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../config';

export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than truncated. */
export const MAX_PASSWORD_BYTES = 72;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.join(findProjectRoot(), 'src', 'data', 'common-passwords.txt');
    common = new Set(
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

/**
 * Why a new password is refused, as a rule name (errors.password.password.<rule>), or null.
 * Any characters are allowed; length is counted in characters, the bcrypt limit in bytes.
 */
export function passwordProblem(
  password: string,
  email?: string,
): 'too_short' | 'too_long' | 'common' | 'email' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return 'too_long';
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password)) return 'common';
  if (email && (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0])) return 'email';
  return null;
}
