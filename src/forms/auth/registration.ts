import { z } from 'zod';
import { parseForm, type FormResult } from '../form';
import type { QuestionKey } from '../../domain/security-questions';
import { newPasswordFields, withConfirmation } from './new-password';
import { answerPairs, securityAnswersFields } from './security-answers';

/** «Ingresa con tu ID» for someone with a login, or «Regístrate ahora» for a new person. */
export type InvitationAcceptance =
  | { kind: 'existing'; password: string }
  | { kind: 'new'; password: string; answers: { question: QuestionKey; answer: string }[] };

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

/** The form an invitation shows: the password of an existing login, or a new person's registration. */
export function parseInvitationAcceptance(
  body: unknown,
  invitation: { registered: boolean; email: string },
): FormResult<InvitationAcceptance> {
  if (invitation.registered) {
    const form = parseExistingLogin(body);
    return form.ok ? { ok: true, data: { kind: 'existing', password: form.data.password } } : form;
  }
  const form = parseRegistration(body, invitation.email);
  return form.ok
    ? { ok: true, data: { kind: 'new', password: form.data.password, answers: answerPairs(form.data) } }
    : form;
}
