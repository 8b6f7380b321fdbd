import { z } from 'zod';
import { parseForm } from '../form';
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
