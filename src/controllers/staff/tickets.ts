import type { AppDeps } from '../../app-deps';
import { parseStaffReply, parseStatus } from '../../forms/staff/ticket';
import { authorizeTicket } from '../../policies/tickets';
import { addTicketMessage, authorOf, setStatus } from '../../services/tickets';
import { withUser } from '../handlers';
import { redirectWithFlash, submitFormOnce } from '../respond';
import { staffTicketPage } from './ticket-page';

/** A ticket in the helpdesk console: who asks and whether they may, the conversation, reply, notes, status. */
export function staffTicketsController(deps: AppDeps) {
  const { load, render } = staffTicketPage(deps);

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
