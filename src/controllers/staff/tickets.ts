import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { parseStaffReply, parseStatus } from '../../forms/staff/ticket';
import { NotFoundError } from '../../domain/errors';
import { attachmentsOfTicket } from '../../models/attachments';
import { accountHeading } from '../../models/helpdesk';
import { STATUSES, findTicketByNumber, messagesOf, type TicketRow } from '../../models/tickets';
import { allowedActions, authorizeTicket } from '../../policies/tickets';
import { requesterStatus } from '../../services/inbound-senders';
import { addTicketMessage, authorOf, setStatus } from '../../services/tickets';
import { withUser } from '../handlers';
import { redirectWithFlash, submitFormOnce } from '../respond';

/** A ticket in the helpdesk console: who asks and whether they may, the conversation, reply, notes, status. */
export function staffTicketsController(deps: AppDeps) {
  const { db } = deps;

  async function load(req: Request): Promise<TicketRow> {
    const ticket = await findTicketByNumber(db, String(req.params.number));
    if (!ticket) throw new NotFoundError();
    return ticket;
  }

  async function render(
    res: Response,
    current: CurrentUser,
    ticket: TicketRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    res.status(status).render('staff/ticket', {
      ticket,
      actions: allowedActions(current, ticket),
      account: await accountHeading(db, ticket.account_id),
      requester: await requesterStatus(db, ticket.account_id, ticket.requester_email),
      messages: await messagesOf(db, ticket.id, true),
      attachments: await attachmentsOfTicket(db, ticket.id, true),
      attachmentHref: (a: { id: number }) => `/staff/attachments/${a.id}`,
      statuses: STATUSES,
      values,
      errors,
    });
  }

  return {
    /** GET /staff/tickets/:number */
    show: withUser(async (req, res, current) => {
      await render(res, current, await load(req));
    }),

    /** POST /staff/tickets/:number/reply — e-mailed with the CC rules, or an internal note nobody outside sees. */
    reply: withUser(async (req, res, current) => {
      const form = parseStaffReply(req.body);
      const ticket = await load(req);
      authorizeTicket(current, ticket, form.ok && form.data.internal ? 'note' : 'reply');
      if (!form.ok) return render(res, current, ticket, 422, form.values, form.errors);
      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) =>
          addTicketMessage(
            tx,
            ticket,
            {
              ...authorOf(current),
              kind: 'staff',
              body: form.data.message,
              source: 'staff',
              internal: form.data.internal,
            },
            req.ip,
          ),
        pathOf: () => `/staff/tickets/${ticket.number}`,
        conflict: () =>
          render(res, current, ticket, 422, { message: form.data.message }, { message: 'errors.form.conflict' }),
      });
      if (!submitted) return;
      return redirectWithFlash(
        req,
        res,
        `/staff/tickets/${ticket.number}`,
        form.data.internal ? 'flash.note_added' : 'flash.ticket_replied',
      );
    }),

    /** POST /staff/tickets/:number/status — closing mails the opener, as a close in the portal does. */
    status: withUser(async (req, res, current) => {
      const form = parseStatus(req.body);
      const ticket = await load(req);
      authorizeTicket(current, ticket, 'set_status');
      if (!form.ok) return render(res, current, ticket, 422, {}, form.errors);
      await setStatus(deps, current, ticket, form.data.status, req.ip);
      return redirectWithFlash(req, res, `/staff/tickets/${ticket.number}`, 'flash.status_changed');
    }),
  };
}
