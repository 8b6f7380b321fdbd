import { z } from 'zod';
import { emailField } from '../fields';
import { parseForm } from '../form';
import { newPasswordFields, withConfirmation } from './new-password';

/** ¿Olvidaste tu contraseña?: the address to recover. */
export function parseRecoveryEmail(body: unknown) {
  return parseForm(z.object({ email: emailField('recovery') }), body, ['email']);
}

/** The new password, twice. */
export function parseNewPassword(body: unknown, email?: string) {
  return withConfirmation(parseForm(z.object(newPasswordFields(email)), body, []), body);
}
