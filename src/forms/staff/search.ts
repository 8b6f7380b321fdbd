import { QUEUE_VIEWS, type QueueFilter, type QueueView } from '../../models/helpdesk';

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The queue's filters from the query string; anything unknown is simply no filter. */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const view = text(query.view, 20);
  return {
    view: (QUEUE_VIEWS as readonly string[]).includes(view) ? (view as QueueView) : 'all',
    status: text(query.status, 100),
    department: text(query.department, 100),
    account: text(query.account, 100),
  };
}

/** The account lookup's search term (`?q=`). */
export function parseAccountSearch(query: Record<string, unknown>): string {
  return typeof query.q === 'string' ? query.q.slice(0, 254) : '';
}
