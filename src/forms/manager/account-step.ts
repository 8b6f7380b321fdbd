import { z } from 'zod';
import { isEmailAddress } from '../../domain/email-address';
import { canonicalTimeZone } from '../../domain/time-zones';
import { passwordProblem } from '../../domain/password-policy';
import type { FieldErrors } from '../form';
import { textField, phoneField } from '../fields';
import { isTicked, text } from './wizard';

/** Step «Cuenta»: the account, and optionally its first admin. */
export const LOCALES = ['es', 'en'] as const;
export const PASSWORD_MODES = ['generated', 'typed', 'invite'] as const;
export type PasswordMode = (typeof PASSWORD_MODES)[number];

/** The text fields this step keeps in the draft as typed (never the password). */
export const ACCOUNT_FIELDS = [
  'name',
  'timezone',
  'locale',
  'realm_label',
  'admin_first_name',
  'admin_last_name',
  'admin_email',
  'admin_phone',
  'admin_password_mode',
] as const;

export interface AccountAdminInput {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  password_mode: PasswordMode;
  /** The password typed now ('' when kept from an earlier visit of the step, or not typed). */
  password: string;
}

/**
 * What the database must still check of this step (a name or realm taken, a login that exists),
 * from the fields that passed: also when other fields did not, so every problem shows in one round.
 */
export interface AccountStepFacts {
  name?: string;
  realm_label?: string;
  /** The admin's address, when the admin gets a password (an invitation may go to an existing login). */
  login_email?: string;
}

export interface AccountStepInput {
  name: string;
  timezone: string;
  locale: 'es' | 'en';
  /** The reseller's own label in front of the platform's realm; null for customer accounts. */
  realm_label: string | null;
  admin: AccountAdminInput | null;
}

const F = 'manager.account';
const nameSchema = textField(F, 'name', { required: true, max: 120 }).pipe(
  z.string().regex(/^[^<>]*$/, `errors.${F}.name.invalid`),
);
const personName = (field: string) =>
  textField(F, field, { required: true, max: 100 }).pipe(z.string().regex(/^[^<>]*$/, `errors.${F}.${field}.invalid`));
const REALM_LABEL = /^[a-z0-9]([a-z0-9-]{0,28}[a-z0-9])?$/;

function check<T>(schema: z.ZodType<T>, value: unknown, field: string, errors: FieldErrors): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? '';
  errors[field] = message.startsWith('errors.') ? message : 'errors.invalid';
  return undefined;
}

/**
 * Checks the step. `storedPassword` says a typed password was kept from an earlier visit, so the
 * field may stay empty; `reseller` asks for the realm label (a reseller created by the platform).
 */
export function parseAccountStep(
  body: Record<string, unknown>,
  options: { reseller: boolean; storedPassword: boolean },
): { ok: true; data: AccountStepInput } | { ok: false; errors: FieldErrors; facts: AccountStepFacts } {
  const errors: FieldErrors = {};
  const name = check(nameSchema, body.name, 'name', errors);
  // An alias («America/Buenos_Aires») is its canonical zone.
  const timezone = canonicalTimeZone(text(body, 'timezone'));
  if (!timezone) errors.timezone = `errors.${F}.timezone.invalid`;
  const locale = text(body, 'locale');
  if (!(LOCALES as readonly string[]).includes(locale)) errors.locale = `errors.${F}.locale.invalid`;
  let realmLabel: string | null = null;
  if (options.reseller) {
    realmLabel = text(body, 'realm_label').trim().toLowerCase();
    if (!realmLabel) errors.realm_label = `errors.${F}.realm_label.required`;
    else if (!REALM_LABEL.test(realmLabel)) errors.realm_label = `errors.${F}.realm_label.invalid`;
  }

  let admin: AccountAdminInput | null = null;
  if (isTicked(body.add_admin)) {
    const first = check(personName('admin_first_name'), body.admin_first_name, 'admin_first_name', errors);
    const last = check(personName('admin_last_name'), body.admin_last_name, 'admin_last_name', errors);
    const email = text(body, 'admin_email').trim().toLowerCase();
    if (!email) errors.admin_email = `errors.${F}.admin_email.required`;
    else if (!isEmailAddress(email)) errors.admin_email = `errors.${F}.admin_email.invalid`;
    const phone = check(phoneField(F, { required: false }), body.admin_phone ?? '', 'admin_phone', errors);
    const mode = text(body, 'admin_password_mode') as PasswordMode;
    const password = text(body, 'admin_password');
    if (!PASSWORD_MODES.includes(mode)) errors.admin_password_mode = `errors.${F}.admin_password_mode.required`;
    else if (mode === 'typed') {
      if (!password && !options.storedPassword) errors.admin_password = `errors.${F}.admin_password.required`;
      const problem = password ? passwordProblem(password, email) : null;
      if (problem) errors.admin_password = `errors.${F}.admin_password.${problem}`;
    }
    if (first !== undefined && last !== undefined && phone !== undefined)
      admin = { first_name: first, last_name: last, email, phone, password_mode: mode, password };
  }
  if (Object.keys(errors).length || name === undefined || timezone === undefined) {
    const mode = text(body, 'admin_password_mode');
    const email = text(body, 'admin_email').trim().toLowerCase();
    const facts: AccountStepFacts = {
      name,
      realm_label: realmLabel !== null && !errors.realm_label ? realmLabel : undefined,
      login_email: isTicked(body.add_admin) && !errors.admin_email && mode !== 'invite' ? email : undefined,
    };
    return { ok: false, errors, facts };
  }
  return {
    ok: true,
    data: { name, timezone, locale: locale as 'es' | 'en', realm_label: realmLabel, admin },
  };
}

/** What the database must check of an accepted step. */
export function accountFacts(account: AccountStepInput): AccountStepFacts {
  const admin = account.admin;
  return {
    name: account.name,
    realm_label: account.realm_label ?? undefined,
    login_email: admin && admin.password_mode !== 'invite' ? admin.email : undefined,
  };
}
