import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { TwoFactorRole } from '../config';
import type { Db } from '../db/knex';
import type { MembershipChoice } from '../models/memberships';
import { claimStep, findCredential, useRecoveryCode, type TwoFactorCredential } from '../models/two-factor';
import { recordAudit } from './audit';
import { normaliseCode, RECOVERY_ALPHABET, RECOVERY_PATTERN, TOTP_PATTERN } from '../domain/two-factor-codes';

/**
 * The second factor itself: TOTP (RFC 6238, what every authenticator app speaks: SHA-1, six
 * digits, 30-second steps) through otplib, and single-use recovery codes. The use cases that turn
 * it on and off live in two-factor-settings.ts; the second step of signing in in
 * two-factor-sign-in.ts.
 */

export const TWO_FACTOR_ISSUER = 'Cuentas';
export const RECOVERY_CODE_COUNT = 10;
/** A code from the step before or after the current one is still taken (phone clocks drift). */
export const TOTP_TOLERANCE_SECONDS = 30;

// ---- The secret, encrypted at rest --------------------------------------------------------------

let derivedKey: { sessionSecret: string; key: Buffer } | undefined;

/**
 * AES-256-GCM with a key derived (HKDF) from SESSION_SECRET: a copy of the database alone does not
 * give anyone the secrets. Changing SESSION_SECRET makes stored secrets unreadable, which fails
 * closed: those users use a recovery code, or a manager resets their second factor.
 */
function secretKey(sessionSecret: string): Buffer {
  // Derived once per SESSION_SECRET, not for every secret read (the webhook worker reads one per delivery).
  if (derivedKey?.sessionSecret !== sessionSecret)
    derivedKey = {
      sessionSecret,
      key: Buffer.from(hkdfSync('sha256', sessionSecret, 'cuentas', 'two-factor-secret', 32)),
    };
  return derivedKey.key;
}

export function encryptSecret(sessionSecret: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(sessionSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.');
}

/** The secret, or null when it cannot be read (another SESSION_SECRET, or tampered with). */
export function decryptSecret(sessionSecret: string, stored: string): string | null {
  const [iv, tag, ciphertext] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey(sessionSecret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A new base32 secret of 20 random bytes (160 bits, RFC 4226's recommendation). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

// ---- Setting up: what the authenticator app is shown --------------------------------------------

export function otpauthUri(email: string, secret: string): string {
  return generateURI({ issuer: TWO_FACTOR_ISSUER, label: email, secret });
}

/**
 * The otpauth URI as a QR code, an SVG drawn on the server, as a data: URI for an <img> (allowed by
 * the CSP's img-src; no script, and the view prints it escaped like any other value).
 */
export async function qrCodeDataUri(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

// ---- Codes --------------------------------------------------------------------------------------

/**
 * The step of a valid TOTP code later than the last one used, or null. Replay: a code of the last
 * used step (or earlier) is refused even within its 30 seconds.
 */
export async function totpStep(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: Date,
): Promise<number | null> {
  if (!TOTP_PATTERN.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(lastUsedStep !== null ? { afterTimeStep: lastUsedStep } : {}),
  });
  // verify() answers for TOTP and HOTP alike; only a TOTP result carries the step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Ten codes of 16 characters from a 32-letter alphabet: 80 random bits each. Stored as SHA-256,
 * not bcrypt: bcrypt's slowness protects guessable secrets (passwords), while 2^80 possibilities
 * are out of reach of any offline search, and a fast hash lets the code be found by an index
 * instead of ten bcrypt comparisons (2.5 s) per attempt.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

export type SecondFactorCheck = { ok: true; via: 'totp' | 'recovery_code' } | { ok: false };

/**
 * Checks a code typed by the user whose factor is on: a TOTP code (its step is claimed, so it works
 * once) or an unused recovery code (used up, and the use is in the audit log).
 */
export async function checkSecondFactor(
  db: Db,
  options: { sessionSecret: string; now: Date },
  credential: TwoFactorCredential,
  code: string,
  audit: { accountId: number | null; ip: string | undefined },
): Promise<SecondFactorCheck> {
  const typed = normaliseCode(code);
  if (credential.enabled_at === null) return { ok: false };
  if (RECOVERY_PATTERN.test(typed)) {
    if (!(await useRecoveryCode(db, credential.user_id, hashRecoveryCode(typed)))) return { ok: false };
    await recordAudit(db, {
      action: 'two_factor.recovery_code_used',
      actorUserId: credential.user_id,
      accountId: audit.accountId,
      targetType: 'user',
      targetId: credential.user_id,
      ip: audit.ip,
    });
    return { ok: true, via: 'recovery_code' };
  }
  const secret = decryptSecret(options.sessionSecret, credential.secret_ciphertext);
  const step = secret ? await totpStep(secret, typed, credential.last_used_step, options.now) : null;
  if (step === null || !(await claimStep(db, credential.user_id, step))) return { ok: false };
  return { ok: true, via: 'totp' };
}

// ---- Who must use it ----------------------------------------------------------------------------

function membershipMatches(m: Pick<MembershipChoice, 'account_kind' | 'role'>, role: TwoFactorRole): boolean {
  switch (role) {
    case 'staff':
      return m.account_kind === 'platform';
    case 'partner':
      return m.account_kind === 'reseller';
    case 'owner':
    case 'admin':
      return m.role === role;
  }
}

/** True when any of the user's usable memberships is of a kind that must use a second factor. */
export function twoFactorRequired(
  memberships: Pick<MembershipChoice, 'account_kind' | 'role'>[],
  requiredFor: readonly TwoFactorRole[],
): boolean {
  return memberships.some((m) => requiredFor.some((role) => membershipMatches(m, role)));
}

/** The user's factor, when it is on. */
export async function enabledCredential(db: Db, userId: number): Promise<TwoFactorCredential | undefined> {
  const credential = await findCredential(db, userId);
  return credential?.enabled_at ? credential : undefined;
}
