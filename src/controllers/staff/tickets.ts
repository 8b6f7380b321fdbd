import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import { formKeyOf } from '../../forms/form-key';
import type { FieldErrors } from '../../forms/form';
import { parseStaffReply, parseStatus } from '../../forms/staff/ticket';
import { NotFoundError } from '../../domain/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { attachmentsOfTicket } from '../../models/attachments';
import { accountHeading } from '../../models/helpdesk';
import { STATUSES, findTicketByNumber, messagesOf, type TicketRow } from '../../models/tickets';
import { allowedActions, authorizeTicket } from '../../policies/tickets';
import { requesterStatus } from '../../services/inbound-senders';
import { submitOnce } from '../../services/form-keys';
import { addTicketMessage, authorOf, setStatus } from '../../services/tickets';
import { withUser } from '../handlers';

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
      const submitted = await submitOnce(
        deps,
        { key: formKeyOf(req.body), userId: current.id },
        (tx) =>
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
        () => `/staff/tickets/${ticket.number}`,
      );
      if (submitted.kind === 'repeat') return res.redirect(303, submitted.path);
      if (submitted.kind === 'conflict')
        return render(res, current, ticket, 422, { message: form.data.message }, { message: 'errors.form.conflict' });
      setFlash(req, form.data.internal ? 'flash.note_added' : 'flash.ticket_replied');
      await saveSession(req);
      return res.redirect(303, `/staff/tickets/${ticket.number}`);
    }),

    /** POST /staff/tickets/:number/status — closing mails the opener, as a close in the portal does. */
    status: withUser(async (req, res, current) => {
      const form = parseStatus(req.body);
      const ticket = await load(req);
      authorizeTicket(current, ticket, 'set_status');
      if (!form.ok) return render(res, current, ticket, 422, {}, form.errors);
      await setStatus(deps, current, ticket, form.data.status, req.ip);
      setFlash(req, 'flash.status_changed');
      await saveSession(req);
      return res.redirect(303, `/staff/tickets/${ticket.number}`);
    }),
  };
}
