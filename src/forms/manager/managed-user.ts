import { z } from 'zod';
import { parseForm, type FieldErrors, type FormResult } from '../form';
import { emailField, textField } from '../fields';

/**
 * Inviting someone to an account below the user's (POST /manager/accounts/:id/users/new): the
 * «Regístrate ahora» invitation of Administrar usuarios, with its own field rules and messages.
 */
export const MANAGED_USER_FIELDS = ['first_name', 'last_name', 'email', 'title'] as const;

const schema = z.object({
  first_name: textField('user', 'first_name', { required: true, max: 100 }),
  last_name: textField('user', 'last_name', { required: true, max: 100 }),
  email: emailField('user'),
  title: textField('user', 'title', { required: false, max: 100 }),
});
export type ManagedUserInput = z.infer<typeof schema>;

export function parseManagedUser(body: unknown): FormResult<ManagedUserInput> {
  return parseForm(schema, body, MANAGED_USER_FIELDS);
}

/** Why the invitation was refused, beside the e-mail (the same messages as Administrar usuarios). */
export function managedUserRefusal(error: 'already_member' | 'already_invited'): FieldErrors {
  return { email: `errors.user.email.${error}` };
}
