import type { AppDeps } from '../../app-deps';
import { parseTicketSearch } from '../../domain/ticket-search';
import { findTicketByNumber } from '../../models/tickets';
import { authorizeTicket } from '../../policies/tickets';
import { mergeTicket } from '../../services/ticket-merge';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';
import { staffTicketPage } from './ticket-page';

/** «Fusionar»: this ticket into another open one of the same account, named by its number. */
export function ticketMergeController(deps: AppDeps) {
  const { load, render } = staffTicketPage(deps);
  return {
    /** POST /staff/tickets/:number/merge */
    create: withUser(async (req, res, current) => {
      const source = await load(req);
      authorizeTicket(current, source, 'merge');
      const typed = typeof req.body?.target === 'string' ? (req.body.target as string).slice(0, 20) : '';
      const { search } = parseTicketSearch(typed);
      const target = search?.kind === 'number' ? await findTicketByNumber(deps.db, search.number) : undefined;
      const merged = target ? await mergeTicket(deps, current, source, target, req.ip) : false;
      if (!target || !merged)
        return render(res, current, source, 422, { target: typed }, { target: 'errors.staff.merge.target' });
      return redirectWithFlash(req, res, `/staff/tickets/${target.number}`, 'flash.ticket_merged', {
        source: source.number,
      });
    }),
  };
}
