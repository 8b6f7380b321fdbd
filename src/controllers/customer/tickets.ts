import type { Request, Response } from 'express';
import { memberUser } from '../../current-user';
import type { AppDeps } from '../../app-deps';
import { textValues, type FieldErrors } from '../../forms/form';
import { parseReply, parseTicket } from '../../forms/customer/ticket';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { scopeOf } from '../../models/scope';
import {
  DEPARTMENTS,
  PRIORITIES,
  findVisibleTicket,
  messagesOf,
  ticketsPage,
  type TicketRow,
} from '../../models/tickets';
import { recordAudit } from '../../services/audit';
import { addTicketMessage, openTicket, ticketChoices } from '../../services/tickets';
import { pageNumber } from '../params';

/** Tickets in the customer portal (permission `tickets`), within the user's account numbers. */
export function ticketsController(deps: AppDeps) {
  const { db } = deps;
  const author = (req: Request) => ({
    userId: req.current!.id,
    email: req.current!.email,
    name: `${req.current!.firstName} ${req.current!.lastName}`.trim(),
  });

  async function load(req: Request): Promise<TicketRow> {
    const ticket = await findVisibleTicket(db, scopeOf(memberUser(req)), req.current!.id, String(req.params.number));
    if (!ticket) throw new NotFoundError();
    return ticket;
  }

  async function renderNew(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) {
    res.status(status).render('customer/tickets/new', {
      values,
      errors,
      departments: DEPARTMENTS,
      priorities: PRIORITIES,
      ...(await ticketChoices(db, scopeOf(memberUser(req)))),
    });
  }

  async function renderShow(
    req: Request,
    res: Response,
    ticket: TicketRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    res
      .status(status)
      .render('customer/tickets/show', { ticket, messages: await messagesOf(db, ticket.id, false), values, errors });
  }

  return {
    /** GET /tickets */
    async index(req: Request, res: Response) {
      const page = pageNumber(req.query.page);
      const { rows, hasMore } = await ticketsPage(db, scopeOf(memberUser(req)), req.current!.id, page);
      res.render('customer/tickets/index', { tickets: rows, page, hasMore });
    },

    /** GET /tickets/new */
    async new(req: Request, res: Response) {
      await renderNew(req, res, 200, { department: 'support', priority: 'medium' });
    },

    /** POST /tickets/new */
    async create(req: Request, res: Response) {
      const form = parseTicket(req.body);
      if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
      const result = await openTicket(deps, req.current!, form.data, author(req), req.ip);
      if (!result.ok) return renderNew(req, res, 422, textValues(form.data), result.errors);
      setFlash(req, 'flash.ticket_opened', { number: result.number });
      await saveSession(req);
      return res.redirect(303, `/tickets/${result.number}`);
    },

    /** GET /tickets/:number */
    async show(req: Request, res: Response) {
      await renderShow(req, res, await load(req));
    },

    /** POST /tickets/:number/reply */
    async reply(req: Request, res: Response) {
      const ticket = await load(req);
      const form = parseReply(req.body);
      if (!form.ok) return renderShow(req, res, ticket, 422, form.values, form.errors);
      await addTicketMessage(
        deps,
        ticket,
        { ...author(req), kind: 'customer', body: form.data.message, source: 'portal' },
        req.ip,
      );
      setFlash(req, 'flash.ticket_replied');
      await saveSession(req);
      return res.redirect(303, `/tickets/${ticket.number}`);
    },

    /** POST /tickets/:number/close */
    async close(req: Request, res: Response) {
      const ticket = await load(req);
      await db.transaction(async (trx) => {
        await trx('tickets').where({ id: ticket.id }).update({ status: 'closed', updated_at: trx.fn.now() });
        await recordAudit(trx, {
          action: 'ticket.closed',
          accountId: ticket.account_id,
          actorUserId: req.current!.id,
          targetType: 'ticket',
          targetId: ticket.id,
          ip: req.ip,
        });
      });
      setFlash(req, 'flash.ticket_closed', { number: ticket.number });
      await saveSession(req);
      res.redirect(303, `/tickets/${ticket.number}`);
    },
  };
}
