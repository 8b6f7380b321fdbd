import { z } from 'zod';
import { DEFAULT_LANDING } from '../../domain/landing';
import type { Locale } from '../../i18n';
import { parseForm, type FormResult } from '../form';
import { localeField, textField } from '../fields';

/** What «Mi perfil» changes. */
export interface ProfileChange {
  first_name: string;
  last_name: string;
  department: string;
  employee_number: string;
  /** The user's language (pages and e-mail); unchanged when absent. */
  locale?: Locale;
  /** The landing page in the current account (ignored without one). */
  default_app: string;
}

export const PROFILE_FIELDS = ['first_name', 'last_name', 'department', 'employee_number', 'locale'] as const;

const schema = z.object({
  first_name: textField('profile', 'first_name', { required: true, max: 100 }),
  last_name: textField('profile', 'last_name', { required: true, max: 100 }),
  department: textField('profile', 'department', { required: false, max: 100 }),
  employee_number: z
    .string()
    .optional()
    .default('')
    .pipe(
      z
        .string()
        .trim()
        .max(50, 'errors.profile.employee_number.too_long')
        .regex(/^[A-Za-z0-9 ._/-]*$/, 'errors.profile.employee_number.invalid'),
    ),
  // Absent: the language stays as it is.
  locale: localeField('profile').optional(),
});

/**
 * Mi perfil: the user identifiers (name, department, employee number), the language, and the landing page, which
 * must be one of `landingChoices` when the user works in an account (null: no account, no choice).
 * The landing page is checked once the identifiers are right.
 */
export function parseProfile(body: unknown, landingChoices: readonly string[] | null): FormResult<ProfileChange> {
  const form = parseForm(schema, body, PROFILE_FIELDS);
  const raw = (body ?? {}) as Record<string, unknown>;
  const defaultApp = typeof raw.default_app === 'string' ? raw.default_app : DEFAULT_LANDING;
  if (!form.ok) return { ...form, values: { ...form.values, default_app: defaultApp } };
  if (landingChoices && !landingChoices.includes(defaultApp))
    return {
      ok: false,
      values: { ...form.data, default_app: defaultApp },
      errors: { default_app: 'errors.profile.default_app.invalid' },
    };
  return { ok: true, data: { ...form.data, default_app: defaultApp } };
}
