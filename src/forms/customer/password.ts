import { z } from 'zod';
import { parseForm } from '../form';
import { confirmationMatches, newPasswordFields } from '../auth/new-password';

/** Cambiar contraseña: the current password, then the new one twice. Nothing is echoed back. */
export function parsePasswordChange(body: unknown, email: string) {
  const schema = z
    .object({
      current_password: z.string({ error: 'errors.password.current_password.required' }).min(1, 'errors.password.current_password.required'),
      ...newPasswordFields(email),
    })
    .superRefine(confirmationMatches);
  return parseForm(schema, body, []);
}
