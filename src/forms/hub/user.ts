import { z } from 'zod';
import { SECTIONS, type Section } from '../../permissions';
import { parseForm } from '../form';
import { accountNumbersField, checkboxes, emailField, textField } from '../fields';

/** Sections a member may be granted here (managing users stays with the owner and admins). */
export const GRANTABLE: Section[] = SECTIONS.filter((s) => s !== 'users');

const role = z.enum(['admin', 'member'], { error: 'errors.user.role.invalid' });
const permissions = checkboxes(GRANTABLE, 'errors.user.permissions.invalid');

export const NEW_USER_FIELDS = ['first_name', 'last_name', 'email', 'title', 'role', 'account_number'] as const;

/** Agregar usuario nuevo: who, their role and, for members, what and which account numbers. */
export function parseNewUser(body: unknown) {
  const schema = z.object({
    first_name: textField('user', 'first_name', { required: true, max: 100 }),
    last_name: textField('user', 'last_name', { required: true, max: 100 }),
    email: emailField('user'),
    title: textField('user', 'title', { required: false, max: 100 }),
    role,
    permissions,
    account_number: accountNumbersField('user'),
  });
  return withPermissions(parseForm(schema, body, NEW_USER_FIELDS), body);
}

export const EDIT_USER_FIELDS = ['first_name', 'last_name', 'email', 'department', 'title', 'role'] as const;

/** Editar detalles: name, e-mail, department, role (and a member's permissions). */
export function parseEditUser(body: unknown) {
  const schema = z.object({
    first_name: textField('user', 'first_name', { required: true, max: 100 }),
    last_name: textField('user', 'last_name', { required: true, max: 100 }),
    email: emailField('user'),
    department: textField('user', 'department', { required: false, max: 100 }),
    title: textField('user', 'title', { required: false, max: 100 }),
    role: role.optional(),
    permissions,
  });
  return withPermissions(parseForm(schema, body, EDIT_USER_FIELDS), body);
}

/** Re-shows the ticked permissions along with the text values. */
function withPermissions<T>(result: ReturnType<typeof parseForm<z.ZodType<T>>>, body: unknown) {
  if (result.ok) return result;
  const raw = (body as Record<string, unknown> | undefined)?.permissions;
  const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (p): p is string => typeof p === 'string',
  );
  return { ...result, permissions: ticked };
}
