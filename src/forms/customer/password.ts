import { z } from 'zod';
import { parseForm } from '../form';
import { newPasswordFields, withConfirmation } from '../auth/new-password';

/** Cambiar contraseña: the current password, then the new one twice. Nothing is echoed back. */
export function parsePasswordChange(body: unknown, email: string) {
  const schema = z.object({
    current_password: z
      .string({ error: 'errors.password.current_password.required' })
      .min(1, 'errors.password.current_password.required'),
    ...newPasswordFields(email),
  });
  return withConfirmation(parseForm(schema, body, []), body);
}
