import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import { withUser } from '../handlers';
import { ticketCopyActions } from '../ticket-copies';
import { staffTicketPage } from './ticket-page';

/** «Personas en copia» from the helpdesk console: contacts of the ticket's account. */
export function staffTicketCopiesController(deps: AppDeps) {
  const page = staffTicketPage(deps);
  const copies = ticketCopyActions<CurrentUser>(deps, {
    load: (req) => page.load(req),
    render: page.render,
    pathOf: (ticket) => `/staff/tickets/${ticket.number}`,
  });
  return {
    /** POST /staff/tickets/:number/copies */
    create: withUser(copies.create),
    /** POST /staff/tickets/:number/copies/:contactId/delete */
    destroy: withUser(copies.destroy),
  };
}
