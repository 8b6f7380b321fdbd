import { z } from 'zod';
import { parseForm } from '../form';

const text = (max: number, required: string, tooLong: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong);

const schema = z.object({
  email: text(254, 'errors.login.email.required', 'errors.login.email.too_long'),
  // Not trimmed: spaces may be part of a password.
  password: z
    .string({ error: 'errors.login.password.required' })
    .min(1, 'errors.login.password.required')
    .max(1000, 'errors.login.password.required'),
});

export function parseLogin(body: unknown) {
  return parseForm(schema, body, ['email']);
}
