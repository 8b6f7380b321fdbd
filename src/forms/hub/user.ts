import { z } from 'zod';
import { GRANTABLE, type Section } from '../../domain/permissions';
import { parseForm, textValues, type FieldErrors } from '../form';
import { accountNumbersField, checkboxes, emailField, localeField, textField } from '../fields';

const role = z.enum(['admin', 'member'], { error: 'errors.user.role.invalid' });
const permissions = checkboxes(GRANTABLE, 'errors.user.permissions.invalid');

/** A user form's answer: the data, or the values and ticked permissions to show again with errors. */
export type UserFormResult<T> =
  { ok: true; data: T } | { ok: false; values: Record<string, string>; permissions: string[]; errors: FieldErrors };

export const NEW_USER_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'title',
  'role',
  'account_number',
  'locale',
] as const;

const newUserSchema = z.object({
  first_name: textField('user', 'first_name', { required: true, max: 100 }),
  last_name: textField('user', 'last_name', { required: true, max: 100 }),
  email: emailField('user'),
  title: textField('user', 'title', { required: false, max: 100 }),
  role,
  permissions,
  account_number: accountNumbersField('user'),
  locale: localeField('user').optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;

/**
 * Agregar usuario nuevo: who, their role and, for members, what (within what `grantable` allows)
 * and which account numbers.
 */
export function parseNewUser(body: unknown, grantable: readonly Section[]): UserFormResult<NewUser> {
  const form = withPermissions(parseForm(newUserSchema, body, NEW_USER_FIELDS), body);
  if (!form.ok) return form;
  if (form.data.permissions.some((p) => !grantable.includes(p))) {
    return refused(form.data, newUserValues(form.data), { permissions: 'errors.user.permissions.invalid' });
  }
  return form;
}

/** The parsed values, to show the form again when a later check refuses them. */
export function newUserValues(data: NewUser): Record<string, string> {
  return { ...textValues(data), account_number: data.account_number.join(', ') };
}

/** Why the invitation was refused, beside the field it is about. */
export function newUserRefusal(
  refusal:
    | { error: 'already_member' | 'already_invited' }
    | { error: 'unknown_numbers' | 'closed_numbers'; numbers: string[] },
): FieldErrors {
  if (refusal.error === 'unknown_numbers' || refusal.error === 'closed_numbers') {
    const rule = refusal.error === 'unknown_numbers' ? 'unknown' : 'closed';
    return {
      account_number: { key: `errors.user.account_number.${rule}`, params: { numbers: refusal.numbers.join(', ') } },
    };
  }
  return { email: `errors.user.email.${refusal.error}` };
}

export const EDIT_USER_FIELDS = ['first_name', 'last_name', 'email', 'department', 'title', 'role'] as const;

const editUserSchema = z.object({
  first_name: textField('user', 'first_name', { required: true, max: 100 }),
  last_name: textField('user', 'last_name', { required: true, max: 100 }),
  email: emailField('user'),
  department: textField('user', 'department', { required: false, max: 100 }),
  title: textField('user', 'title', { required: false, max: 100 }),
  role: role.optional(),
  permissions,
});
export type EditUser = z.infer<typeof editUserSchema>;

/** Editar detalles: name, e-mail, department, role (and a member's permissions). */
export function parseEditUser(body: unknown): UserFormResult<EditUser> {
  return withPermissions(parseForm(editUserSchema, body, EDIT_USER_FIELDS), body);
}

/** The parsed values to show again (a role the form did not send stays the user's own). */
export function editUserValues(data: EditUser, currentRole: string): Record<string, string> {
  return { ...textValues(data), role: data.role ?? currentRole };
}

/** Why the new details were refused: the address is shared with other accounts, or someone else's. */
export function editUserRefusal(error: 'shared' | 'taken'): FieldErrors {
  return { email: `errors.user.email.${error}` };
}

function refused<T extends { permissions: string[] }>(
  data: T,
  values: Record<string, string>,
  errors: FieldErrors,
): UserFormResult<never> {
  return { ok: false, values, permissions: data.permissions, errors };
}

/** Re-shows the ticked permissions along with the text values. */
function withPermissions<T>(
  result: { ok: true; data: T } | { ok: false; values: Record<string, string>; errors: FieldErrors },
  body: unknown,
): UserFormResult<T> {
  if (result.ok) return result;
  const raw = (body as Record<string, unknown> | undefined)?.permissions;
  const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (p): p is string => typeof p === 'string',
  );
  return { ...result, permissions: ticked };
}
