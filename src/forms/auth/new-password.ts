import { z } from 'zod';
import { passwordProblem } from '../../domain/password-policy';
import type { FormResult } from '../form';

/**
 * The "new password + confirmation" pair, shared by change, reset and registration forms.
 * `email` lets the policy refuse a password that is the user's own address.
 */
export function newPasswordFields(email?: string) {
  return {
    password: z
      .string({ error: 'errors.password.password.required' })
      .min(1, 'errors.password.password.required')
      .superRefine((value, ctx) => {
        const problem = passwordProblem(value, email);
        if (problem) ctx.addIssue({ code: 'custom', message: `errors.password.password.${problem}` });
      }),
    password_confirmation: z.string({ error: 'errors.password.password_confirmation.required' }),
  };
}

/**
 * Adds "the passwords do not match" to a form's result. Checked apart from the schema so that the
 * message shows together with every other problem, not only once the rest is right.
 */
export function withConfirmation<T>(result: FormResult<T>, body: unknown): FormResult<T> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.password !== 'string' || b.password === '' || b.password === b.password_confirmation) return result;
  const errors = result.ok ? {} : result.errors;
  return {
    ok: false,
    values: result.ok ? {} : result.values,
    errors: {
      ...errors,
      password_confirmation: errors.password_confirmation ?? 'errors.password.password_confirmation.mismatch',
    },
  };
}
