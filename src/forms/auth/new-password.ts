import { z } from 'zod';
import { passwordProblem } from '../../services/password-policy';

/**
 * The "new password + confirmation" pair, shared by change, reset and registration forms.
 * `email` lets the policy refuse a password that is the user's own address.
 */
export function newPasswordFields(email?: string) {
  return {
    password: z.string({ error: 'errors.password.password.required' }).min(1, 'errors.password.password.required')
      .superRefine((value, ctx) => {
        const problem = passwordProblem(value, email);
        if (problem) ctx.addIssue({ code: 'custom', message: `errors.password.password.${problem}` });
      }),
    password_confirmation: z.string({ error: 'errors.password.password_confirmation.required' }),
  };
}

export function confirmationMatches(data: { password: string; password_confirmation: string }, ctx: z.RefinementCtx): void {
  if (data.password !== data.password_confirmation) {
    ctx.addIssue({ code: 'custom', path: ['password_confirmation'], message: 'errors.password.password_confirmation.mismatch' });
  }
}
