import { z } from 'zod';
import { STATUSES } from '../../models/tickets';
import { messageField } from '../customer/ticket';
import { parseForm } from '../form';

/** A helpdesk reply: e-mailed to the customer, or an internal note (`internal=1`) nobody outside sees. */
export function parseStaffReply(body: unknown) {
  return parseForm(
    z.object({
      message: messageField,
      internal: z
        .unknown()
        .optional()
        .transform((v) => v === '1'),
    }),
    body,
    ['message'],
  );
}

/** A ticket's new status, one of the list. */
export function parseStatus(body: unknown) {
  return parseForm(z.object({ status: z.enum(STATUSES, { error: 'errors.staff.status.invalid' }) }), body, ['status']);
}
