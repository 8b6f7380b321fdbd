import { z } from 'zod';
import { parseForm } from '../form';
import { newPasswordFields, withConfirmation } from './new-password';
import { securityAnswersFields } from './security-answers';

/** Registration from an invitation: a password twice and three security questions with answers. */
export function parseRegistration(body: unknown, email: string) {
  return withConfirmation(
    parseForm(z.object({ ...newPasswordFields(email), ...securityAnswersFields }), body, []),
    body,
  );
}

/** "Ingresa con tu ID": an existing login accepts with its password. */
export function parseExistingLogin(body: unknown) {
  return parseForm(
    z.object({
      password: z
        .string({ error: 'errors.login.password.required' })
        .min(1, 'errors.login.password.required')
        .max(1000, 'errors.login.password.required'),
    }),
    body,
    [],
  );
}
