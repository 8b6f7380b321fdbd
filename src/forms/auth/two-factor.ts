import { z } from 'zod';
import { parseForm, type FormResult } from '../form';
import { normaliseCode, RECOVERY_PATTERN, TOTP_PATTERN } from '../../domain/two-factor-codes';

const typed = z
  .string({ error: 'errors.two_factor.code.required' })
  .max(100, 'errors.two_factor.code.format')
  .transform(normaliseCode)
  .refine((code) => code.length > 0, 'errors.two_factor.code.required');

/** The second step of signing in (and turning the factor off): an app code or a recovery code. */
const signInSchema = z.object({
  code: typed.refine((code) => TOTP_PATTERN.test(code) || RECOVERY_PATTERN.test(code), 'errors.two_factor.code.format'),
});

/** Confirming the set-up: only a code from the app proves the app has the secret. */
const setUpSchema = z.object({
  code: typed.refine((code) => TOTP_PATTERN.test(code), 'errors.two_factor.code.setup_format'),
});

/** Codes are never shown back: a stale one is of no use in the form. */
export function parseSecondFactorCode(body: unknown): FormResult<{ code: string }> {
  return parseForm(signInSchema, body, []);
}

export function parseSetUpCode(body: unknown): FormResult<{ code: string }> {
  return parseForm(setUpSchema, body, []);
}

/** Why a well-formed code was refused: a recovery code is not «the code your app shows now». */
export function wrongCode(code: string): string {
  return RECOVERY_PATTERN.test(code) ? 'errors.two_factor.code.wrong_recovery' : 'errors.two_factor.code.wrong';
}
