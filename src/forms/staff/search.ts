import { QUEUE_SORTS, QUEUE_VIEWS, type QueueFilter, type QueueSort, type QueueView } from '../../models/helpdesk';
import { parseTicketSearch } from '../../domain/ticket-search';

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The queue's filters from the query string; anything unknown is simply no filter. */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const view = text(query.view, 20);
  const sort = text(query.sort, 20);
  return {
    view: (QUEUE_VIEWS as readonly string[]).includes(view) ? (view as QueueView) : 'all',
    q: parseTicketSearch(query.q).q,
    sort: (QUEUE_SORTS as readonly string[]).includes(sort) ? (sort as QueueSort) : 'activity',
    status: text(query.status, 100),
    department: text(query.department, 100),
    account: text(query.account, 100),
  };
}

/** The account lookup's search term (`?q=`). */
export function parseAccountSearch(query: Record<string, unknown>): string {
  return typeof query.q === 'string' ? query.q.slice(0, 254) : '';
}
