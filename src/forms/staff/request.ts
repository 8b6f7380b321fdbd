import { z } from 'zod';
import { textField } from '../fields';
import { parseForm } from '../form';

/** Which account an unknown sender belongs to: its realm or one of its account numbers. */
export function parseLink(body: unknown) {
  return parseForm(
    z.object({
      account: z
        .string({ error: 'errors.staff.account.required' })
        .trim()
        .min(1, 'errors.staff.account.required')
        .max(63, 'errors.staff.account.unknown'),
    }),
    body,
    ['account'],
  );
}

/** Why a held request is rejected (optional; kept in the audit log, never sent). */
export function parseReject(body: unknown) {
  return parseForm(z.object({ note: textField('staff', 'note', { required: false, max: 500 }) }), body, ['note']);
}

/** How staff validated a contact (a call to the owner, a signed letter…): required. */
export function parseValidation(body: unknown) {
  return parseForm(z.object({ note: textField('validation', 'note', { required: true, max: 500 }) }), body, ['note']);
}
