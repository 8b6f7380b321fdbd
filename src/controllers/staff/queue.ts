import type { AppDeps } from '../../app-deps';
import { ageOf, isOverdue } from '../../domain/first-response';
import { parseTicketSearch } from '../../domain/ticket-search';
import { parseQueueFilter } from '../../forms/staff/search';
import { QUEUE_SORTS, QUEUE_VIEWS, oldestHeldRequests, ticketQueue, type QueueFilter } from '../../models/helpdesk';
import { pageLinks } from '../../models/pagination';
import { DEPARTMENTS, STATUSES } from '../../models/tickets';
import { withUser } from '../handlers';
import { cursorFrom } from '../params';

/** The filters as query parameters, the defaults (view «Todos», latest activity first) left out. */
function queryOf(filter: QueueFilter): Record<string, string> {
  const defaults: Partial<QueueFilter> = { view: 'all', sort: 'activity' };
  return Object.fromEntries(
    Object.entries(filter).filter(([key, value]) => value && defaults[key as keyof QueueFilter] !== value),
  );
}

function queueHref(filter: QueueFilter): string {
  const query = new URLSearchParams(queryOf(filter)).toString();
  return query ? `/staff?${query}` : '/staff';
}

/** GET /staff — the helpdesk queue: the oldest held requests, and tickets (a view, searched, filtered, sorted). */
export function queueController({ db, config, clock }: AppDeps) {
  return {
    index: withUser(async (req, res, current) => {
      const filter = parseQueueFilter(req.query);
      const { search } = parseTicketSearch(filter.q);
      const [page, held] = await Promise.all([
        ticketQueue(db, filter, search, cursorFrom(req.query), current.id),
        oldestHeldRequests(db),
      ]);
      const now = clock();
      res.render('staff/queue', {
        filter,
        views: QUEUE_VIEWS.map((view) => ({
          view,
          href: queueHref({ ...filter, view }),
          current: view === filter.view,
        })),
        sorts: QUEUE_SORTS,
        // The rows are this request's own: each gets its age and «Vencido» added, not copied.
        tickets: page.rows.map((row) =>
          Object.assign(row, {
            age: ageOf(row.created_at, now),
            overdue: isOverdue(row, config.helpdesk.firstResponseHours, now),
          }),
        ),
        links: pageLinks('/staff', page, queryOf(filter)),
        held,
        statuses: STATUSES,
        departments: DEPARTMENTS,
      });
    }),
  };
}
