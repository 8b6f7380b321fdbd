import { z } from 'zod';
import { parseForm } from '../form';
import { newPasswordFields, withConfirmation } from '../auth/new-password';
import { notTheCurrent } from './password';
import { securityAnswersFields } from '../auth/security-answers';

/** Preguntas de seguridad: the current password, then three questions and answers. */
export function parseSecurityQuestions(body: unknown) {
  return parseForm(
    z.object({
      current_password: z
        .string({ error: 'errors.password.current_password.required' })
        .min(1, 'errors.password.current_password.required'),
      ...securityAnswersFields,
    }),
    body,
    [],
  );
}

/**
 * The first sign-in of a login made with someone else's password: the password given (to prove it
 * is them), a password of their own twice (not the one given), and three questions and answers.
 */
export function parseFirstSignIn(body: unknown, email: string) {
  const schema = z.object({
    current_password: z
      .string({ error: 'errors.password.current_password.required' })
      .min(1, 'errors.password.current_password.required'),
    ...newPasswordFields(email),
    ...securityAnswersFields,
  });
  return notTheCurrent(withConfirmation(parseForm(schema, body, []), body), body);
}
