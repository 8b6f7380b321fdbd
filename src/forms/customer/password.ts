import { z } from 'zod';
import { parseForm, type FormResult } from '../form';
import { newPasswordFields, withConfirmation } from '../auth/new-password';

/**
 * Cambiar contraseña: the current password, then the new one twice; the new one must be new (the
 * current one is checked by the service, so a new password equal to the typed current one is
 * refused here). Nothing is echoed back.
 */
export function parsePasswordChange(body: unknown, email: string) {
  const schema = z.object({
    current_password: z
      .string({ error: 'errors.password.current_password.required' })
      .min(1, 'errors.password.current_password.required'),
    ...newPasswordFields(email),
  });
  return notTheCurrent(withConfirmation(parseForm(schema, body, []), body), body);
}

/** Refuses a new password equal to the current one typed beside it. */
export function notTheCurrent<T>(result: FormResult<T>, body: unknown): FormResult<T> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.password !== 'string' || b.password === '' || b.password !== b.current_password) return result;
  const errors = result.ok ? {} : result.errors;
  return {
    ok: false,
    values: result.ok ? {} : result.values,
    errors: { ...errors, password: errors.password ?? 'errors.password.password.same_as_current' },
  };
}
