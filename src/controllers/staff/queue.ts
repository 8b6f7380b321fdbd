import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseQueueFilter } from '../../forms/staff/search';
import { heldRequests, ticketQueue } from '../../models/helpdesk';
import { pageLinks } from '../../models/pagination';
import { DEPARTMENTS, STATUSES } from '../../models/tickets';
import { cursorFrom } from '../params';

/** GET /staff — the helpdesk queue: tickets (filtered) and the held requests waiting for a human. */
export function queueController({ db }: AppDeps) {
  return {
    async index(req: Request, res: Response) {
      const filter = parseQueueFilter(req.query);
      const page = await ticketQueue(db, filter, cursorFrom(req.query));
      res.render('staff/queue', {
        filter,
        tickets: page.rows,
        links: pageLinks('/staff', page, { ...filter }),
        held: await heldRequests(db),
        statuses: STATUSES,
        departments: DEPARTMENTS,
      });
    },
  };
}
