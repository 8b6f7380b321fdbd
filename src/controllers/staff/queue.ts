import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { heldRequests, ticketQueue } from '../../models/helpdesk';
import { DEPARTMENTS, STATUSES } from '../../models/tickets';
import { pageNumber } from '../params';

/** GET /staff — the helpdesk queue: tickets (filtered) and the held requests waiting for a human. */
export function queueController({ db }: AppDeps) {
  return {
    async index(req: Request, res: Response) {
      const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');
      const filter = {
        status: text(req.query.status),
        department: text(req.query.department),
        account: text(req.query.account),
      };
      const page = pageNumber(req.query.page, 10_000);
      const tickets = await ticketQueue(db, filter, page);
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
      res.render('staff/queue', {
        filter,
        tickets: tickets.rows,
        hasMore: tickets.hasMore,
        page,
        query,
        held: await heldRequests(db),
        statuses: STATUSES,
        departments: DEPARTMENTS,
      });
    },
  };
}
