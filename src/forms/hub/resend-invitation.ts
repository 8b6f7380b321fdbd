import { z } from 'zod';
import { emailField } from '../fields';
import { parseForm, type FieldErrors, type FormResult } from '../form';

const schema = z.object({ email: emailField('resend') });

/**
 * Reenviar invitación: to the address the form names (a correction), or — from the ⋯ menu, which
 * sends no address — to the one the invitation went to.
 */
export function parseResendInvitation(body: unknown, currentEmail: string): FormResult<{ email: string }> {
  const typed = (body as Record<string, unknown> | undefined)?.email;
  return parseForm(schema, { email: typed ?? currentEmail }, ['email']);
}

/** Why the resend did not happen, beside the address. */
export function resendRefusal(error: 'registered_email' | 'already_in_account' | 'send_failed'): FieldErrors {
  return { email: `errors.resend.email.${error}` };
}
