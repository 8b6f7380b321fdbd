import { z } from 'zod';
import { parseForm } from '../form';
import { textField } from '../fields';

export const PROFILE_FIELDS = ['first_name', 'last_name', 'department', 'employee_number'] as const;

const schema = z.object({
  first_name: textField('profile', 'first_name', { required: true, max: 100 }),
  last_name: textField('profile', 'last_name', { required: true, max: 100 }),
  department: textField('profile', 'department', { required: false, max: 100 }),
  employee_number: z
    .string()
    .optional()
    .default('')
    .pipe(
      z
        .string()
        .trim()
        .max(50, 'errors.profile.employee_number.too_long')
        .regex(/^[A-Za-z0-9 ._/-]*$/, 'errors.profile.employee_number.invalid'),
    ),
});

export type ProfileInput = z.infer<typeof schema>;

/** Mi perfil: the user identifiers (name, department, employee number). */
export function parseProfile(body: unknown) {
  return parseForm(schema, body, PROFILE_FIELDS);
}
