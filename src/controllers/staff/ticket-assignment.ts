import type { AppDeps } from '../../app-deps';
import { parseAssignment } from '../../forms/staff/assignment';
import { findHelpdeskAgent } from '../../models/helpdesk';
import { authorizeTicket } from '../../policies/tickets';
import { assignTicket } from '../../services/ticket-assignment';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';
import { staffTicketPage } from './ticket-page';

/** Who owns a ticket in the helpdesk: «Asignarme», another agent, or nobody. */
export function ticketAssignmentController(deps: AppDeps) {
  const { load, render } = staffTicketPage(deps);

  return {
    /** POST /staff/tickets/:number/assignment */
    update: withUser(async (req, res, current) => {
      const form = parseAssignment(req.body);
      const ticket = await load(req);
      authorizeTicket(current, ticket, 'assign');
      if (!form.ok) return render(res, current, ticket, 422, {}, form.errors);
      const assignee = form.data.assignee === null ? null : await findHelpdeskAgent(deps.db, form.data.assignee);
      if (assignee === undefined)
        return render(res, current, ticket, 422, {}, { assignee: 'errors.staff.assignee.invalid' });
      await assignTicket(deps, current, ticket, assignee, req.ip);
      const flash = !assignee
        ? 'flash.ticket_unassigned'
        : assignee.id === current.id
          ? 'flash.ticket_taken'
          : 'flash.ticket_assigned';
      return redirectWithFlash(req, res, `/staff/tickets/${ticket.number}`, flash, { name: assignee?.name ?? '' });
    }),
  };
}
