import { z } from 'zod';
import { DEPARTMENTS, PRIORITIES, STATUSES } from '../../models/tickets';
import { parseForm } from '../form';
import { textField } from '../fields';

export const TICKET_FIELDS = ['department', 'priority', 'subject', 'message', 'account_number', 'service_id'] as const;

/** A ticket's message, from the portal or the console. */
export const messageField = z
  .string({ error: 'errors.ticket.message.required' })
  .trim()
  .min(1, 'errors.ticket.message.required')
  .max(20000, 'errors.ticket.message.too_long');

/** Abrir ticket: department, priority, subject, message, and what it is about. */
export function parseTicket(body: unknown) {
  return parseForm(
    z.object({
      department: z.enum(DEPARTMENTS, { error: 'errors.ticket.department.invalid' }),
      priority: z.enum(PRIORITIES, { error: 'errors.ticket.priority.invalid' }),
      subject: textField('ticket', 'subject', { required: true, max: 200 }),
      message: messageField,
      account_number: z
        .string()
        .optional()
        .default('')
        .pipe(z.string().regex(/^([0-9]{6,15})?$/, 'errors.ticket.account_number.invalid')),
      service_id: z
        .string()
        .optional()
        .default('')
        .pipe(z.string().regex(/^([0-9]{1,12})?$/, 'errors.ticket.service_id.invalid')),
      problem_report: z
        .unknown()
        .optional()
        .transform((v) => v === '1'),
    }),
    body,
    TICKET_FIELDS,
  );
}

/** A reply: only the message. */
export function parseReply(body: unknown) {
  return parseForm(z.object({ message: messageField }), body, ['message']);
}

/** «Mis tickets»'s search box and status filter, from the query string; anything unknown is no filter. */
export function parseTicketListFilter(query: Record<string, unknown>): { q: string; status: string } {
  const status = typeof query.status === 'string' ? query.status : '';
  return {
    q: typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '',
    status: (STATUSES as readonly string[]).includes(status) ? status : '',
  };
}
