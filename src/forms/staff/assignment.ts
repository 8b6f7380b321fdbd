import { z } from 'zod';
import { parseForm } from '../form';

/** Who gets a ticket: a user id, or nobody (an empty choice). Whether they are an agent the database says. */
export function parseAssignment(body: unknown) {
  return parseForm(
    z.object({
      assignee: z
        .string({ error: 'errors.staff.assignee.invalid' })
        .trim()
        .regex(/^([1-9][0-9]{0,17})?$/, { error: 'errors.staff.assignee.invalid' })
        .transform((v) => (v ? Number(v) : null)),
    }),
    body,
    ['assignee'],
  );
}
