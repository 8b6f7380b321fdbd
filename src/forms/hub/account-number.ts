import { z } from 'zod';
import { parseForm, type FieldErrors, type FormResult } from '../form';

const schema = z.object({
  account_number: z
    .string({ error: 'errors.account_numbers.account_number.required' })
    .trim()
    .min(1, 'errors.account_numbers.account_number.required')
    .regex(/^[0-9]{6,15}$/, 'errors.account_numbers.account_number.format'),
});

/** Editar cuentas asignadas: add one number, or (`scope=all`) let the member see every number. */
export type AccountNumberChange = { scope: 'all' } | { scope: 'assigned'; account_number: string };

export function parseAccountNumberChange(body: unknown): FormResult<AccountNumberChange> {
  if ((body as Record<string, unknown> | undefined)?.scope === 'all') return { ok: true, data: { scope: 'all' } };
  const form = parseForm(schema, body, ['account_number']);
  return form.ok ? { ok: true, data: { scope: 'assigned', ...form.data } } : form;
}

/** Why the number was not added; unknown and other accounts' numbers read the same. */
export function accountNumberRefusal(error: 'unknown' | 'closed' | 'already', number: string): FieldErrors {
  return error === 'already'
    ? { account_number: 'errors.account_numbers.account_number.already' }
    : { account_number: { key: `errors.account_numbers.account_number.${error}`, params: { number } } };
}
