import type { AppDeps } from '../../app-deps';
import { parseQueueFilter } from '../../forms/staff/search';
import { QUEUE_VIEWS, heldRequests, ticketQueue, type QueueFilter } from '../../models/helpdesk';
import { pageLinks } from '../../models/pagination';
import { DEPARTMENTS, STATUSES } from '../../models/tickets';
import { withUser } from '../handlers';
import { cursorFrom } from '../params';

/** The queue's address with these filters (the default view and empty filters left out). */
function queueHref(filter: QueueFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value && !(key === 'view' && value === 'all')) params.set(key, value);
  const query = params.toString();
  return query ? `/staff?${query}` : '/staff';
}

/** GET /staff — the helpdesk queue: tickets (a view, filtered) and the held requests waiting for a human. */
export function queueController({ db }: AppDeps) {
  return {
    index: withUser(async (req, res, current) => {
      const filter = parseQueueFilter(req.query);
      const page = await ticketQueue(db, filter, cursorFrom(req.query), current.id);
      res.render('staff/queue', {
        filter,
        views: QUEUE_VIEWS.map((view) => ({
          view,
          href: queueHref({ ...filter, view }),
          current: view === filter.view,
        })),
        tickets: page.rows,
        links: pageLinks('/staff', page, { ...filter, view: filter.view === 'all' ? '' : filter.view }),
        held: await heldRequests(db),
        statuses: STATUSES,
        departments: DEPARTMENTS,
      });
    }),
  };
}
