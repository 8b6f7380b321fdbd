import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { withMember } from '../handlers';
import { ticketCopyActions } from '../ticket-copies';
import { customerTicketPage } from './ticket-page';

/** «Personas en copia» on a ticket the user sees, for whoever may answer it. */
export function ticketCopiesController(deps: AppDeps) {
  const copies = ticketCopyActions<MemberUser>(deps, {
    ...customerTicketPage(deps),
    pathOf: (ticket) => `/tickets/${ticket.number}`,
  });
  return {
    /** POST /tickets/:number/copies */
    create: withMember(copies.create),
    /** POST /tickets/:number/copies/:contactId/delete */
    destroy: withMember(copies.destroy),
  };
}
