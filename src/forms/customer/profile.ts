import { z } from 'zod';
import { parseForm } from '../form';

export const PROFILE_FIELDS = ['first_name', 'last_name', 'department', 'employee_number'] as const;

// Names are shown in pages and e-mail headers: no control characters (CR/LF above all).
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

function name(field: string, required: boolean, max: number) {
  const base = z.string().trim().max(max, `errors.profile.${field}.too_long`).regex(NO_CONTROL, `errors.profile.${field}.invalid`);
  return required ? base.min(1, `errors.profile.${field}.required`) : base;
}

const schema = z.object({
  first_name: z.string({ error: 'errors.profile.first_name.required' }).pipe(name('first_name', true, 100)),
  last_name: z.string({ error: 'errors.profile.last_name.required' }).pipe(name('last_name', true, 100)),
  department: z.string().optional().default('').pipe(name('department', false, 100)),
  employee_number: z.string().optional().default('')
    .pipe(z.string().trim().max(50, 'errors.profile.employee_number.too_long').regex(/^[A-Za-z0-9 ._\/-]*$/, 'errors.profile.employee_number.invalid')),
});

export type ProfileInput = z.infer<typeof schema>;

/** Mi perfil: the user identifiers (name, department, employee number). */
export function parseProfile(body: unknown) {
  return parseForm(schema, body, PROFILE_FIELDS);
}
