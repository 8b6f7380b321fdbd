import { z } from 'zod';
import { COUNTRY_CODES } from '../domain/countries';
import { isEmailAddress } from '../domain/email-address';
import { LOCALES } from '../i18n';

// Shown in pages and e-mail headers: no control characters (CR/LF above all).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** A trimmed line of text; messages are errors.<form>.<field>.<rule>. */
export function textField(form: string, field: string, options: { required: boolean; max: number }) {
  const text = z
    .string()
    .trim()
    .max(options.max, `errors.${form}.${field}.too_long`)
    .regex(NO_CONTROL, `errors.${form}.${field}.invalid`);
  const inner = options.required ? text.min(1, `errors.${form}.${field}.required`) : text;
  return options.required
    ? z.string({ error: `errors.${form}.${field}.required` }).pipe(inner)
    : z.string().optional().default('').pipe(inner);
}

/** An e-mail address, trimmed and lower-cased. */
export function emailField(form: string, field = 'email') {
  return z
    .string({ error: `errors.${form}.${field}.required` })
    .trim()
    .min(1, `errors.${form}.${field}.required`)
    .refine(isEmailAddress, `errors.${form}.${field}.invalid`)
    .transform((v) => v.toLowerCase());
}

/** Checkbox groups arrive as a string, an array, or nothing. */
export function checkboxes<T extends string>(allowed: readonly T[], message: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(allowed as unknown as [T, ...T[]], { error: message })).max(allowed.length, message))
    .transform((v) => [...new Set(v)]);
}

/** Account numbers typed in one field, separated by commas or spaces. */
export function accountNumbersField(form: string) {
  return z
    .string()
    .optional()
    .default('')
    .transform((v) => v.split(/[\s,;]+/).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[0-9]{6,15}$/, `errors.${form}.account_number.format`))
        .max(50, `errors.${form}.account_number.format`),
    )
    .transform((v) => [...new Set(v)]);
}

/** A postcode: letters, digits, spaces or dashes. */
export function postcodeField(form: string) {
  return textField(form, 'postcode', { required: true, max: 20 }).pipe(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/, `errors.${form}.postcode.invalid`),
  );
}

/** A country from the ISO list. */
export function countryField(form: string) {
  return z
    .string({ error: `errors.${form}.country.required` })
    .refine((c) => COUNTRY_CODES.includes(c), `errors.${form}.country.required`);
}

/** A phone number with its area code, e.g. +52 55 1234 5678. */
export function phoneField(form: string, options: { required: boolean }) {
  const pattern = options.required ? /^\+?[0-9][0-9 ()./-]{5,38}$/ : /^(\+?[0-9][0-9 ()./-]{5,38})?$/;
  return textField(form, 'phone', { required: options.required, max: 40 }).pipe(
    z.string().regex(pattern, `errors.${form}.phone.invalid`),
  );
}

/** One of the app's languages (Mi perfil, the invitee's language on an invitation). */
export function localeField(form: string) {
  return z.enum(LOCALES, { error: `errors.${form}.locale.invalid` });
}
