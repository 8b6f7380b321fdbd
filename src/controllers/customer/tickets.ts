import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { textValues, type FieldErrors } from '../../forms/form';
import { attachmentCaps, parseAttachments } from '../../forms/customer/attachments';
import { parseReply, parseTicket, parseTicketListFilter } from '../../forms/customer/ticket';
import { parseTicketSearch } from '../../domain/ticket-search';
import { uploadRefusal } from '../../middleware/uploads';
import { pageLinks } from '../../models/pagination';
import { scopeOf } from '../../models/scope';
import { DEPARTMENTS, PRIORITIES, STATUSES, ticketChoices, ticketsPage } from '../../models/tickets';
import { authorizeTicket } from '../../policies/tickets';
import { addTicketMessage, authorOf, closeTicket, openTicket } from '../../services/tickets';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';
import { redirectWithFlash, submitFormOnce } from '../respond';
import { customerTicketPage } from './ticket-page';

/** Tickets in the customer portal (permission `tickets`), within the user's account numbers. */
export function ticketsController(deps: AppDeps) {
  const { db } = deps;
  const { load, render: renderShow } = customerTicketPage(deps);

  async function renderNew(
    res: Response,
    current: MemberUser,
    status: number,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) {
    res.status(status).render('customer/tickets/new', {
      values,
      errors,
      departments: DEPARTMENTS,
      priorities: PRIORITIES,
      caps: attachmentCaps(),
      ...(await ticketChoices(db, scopeOf(current))),
    });
  }

  return {
    /** GET /tickets — searched by number or words, of one status, within the user's scope. */
    index: withMember(async (req, res, current) => {
      const filter = parseTicketListFilter(req.query);
      const { q, search } = parseTicketSearch(filter.q);
      const page = await ticketsPage(db, scopeOf(current), cursorFrom(req.query), { search, status: filter.status });
      res.render('customer/tickets/index', {
        filter,
        statuses: STATUSES,
        searched: Boolean(q || filter.status),
        tickets: page.rows,
        links: pageLinks('/tickets', page, filter),
      });
    }),

    /** GET /tickets/new */
    new: withMember(async (_req, res, current) => {
      await renderNew(res, current, 200, { department: 'support', priority: 'medium' });
    }),

    /** POST /tickets/new — a multipart form when it carries files. */
    create: withMember(async (req, res, current) => {
      const form = parseTicket(req.body);
      const files = parseAttachments(req.files, uploadRefusal(req));
      if (!form.ok || !files.ok) {
        const errors = { ...(form.ok ? {} : form.errors), ...(files.ok ? {} : files.errors) };
        return renderNew(res, current, 422, form.ok ? textValues(form.data) : form.values, errors);
      }
      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) => openTicket(tx, current, form.data, req.ip, files.files),
        pathOf: (opened) => (opened.ok ? `/tickets/${opened.number}` : null),
        conflict: () => renderNew(res, current, 422, textValues(form.data), { subject: 'errors.form.conflict' }),
      });
      if (!submitted) return;
      const { result } = submitted;
      if (!result.ok) return renderNew(res, current, 422, textValues(form.data), result.errors);
      return redirectWithFlash(req, res, `/tickets/${result.number}`, 'flash.ticket_opened', { number: result.number });
    }),

    /** GET /tickets/:number */
    show: withMember(async (req, res, current) => {
      await renderShow(res, current, await load(req, current));
    }),

    /** POST /tickets/:number/reply — a reply to a closed ticket opens it again. */
    reply: withMember(async (req, res, current) => {
      const form = parseReply(req.body);
      const files = parseAttachments(req.files, uploadRefusal(req));
      const ticket = await load(req, current);
      authorizeTicket(current, ticket, 'reply');
      if (!form.ok)
        return renderShow(res, current, ticket, 422, form.values, {
          ...form.errors,
          ...(files.ok ? {} : files.errors),
        });
      if (!files.ok) return renderShow(res, current, ticket, 422, { message: form.data.message }, files.errors);
      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) =>
          addTicketMessage(
            tx,
            ticket,
            {
              ...authorOf(current),
              kind: 'customer',
              body: form.data.message,
              source: 'portal',
              attachments: files.files,
            },
            req.ip,
          ),
        pathOf: () => `/tickets/${ticket.number}`,
        conflict: () =>
          renderShow(res, current, ticket, 422, textValues(form.data), { message: 'errors.form.conflict' }),
      });
      if (!submitted) return;
      return redirectWithFlash(req, res, `/tickets/${ticket.number}`, 'flash.ticket_replied');
    }),

    /**
     * POST /tickets/:number/close — a ticket already closed (a second submit, or someone was first)
     * changes nothing and is said so; any other refusal is a 403.
     */
    close: withMember(async (req, res, current) => {
      const ticket = await load(req, current);
      if (ticket.status !== 'closed') authorizeTicket(current, ticket, 'close');
      const closed = ticket.status !== 'closed' && (await closeTicket(deps, current, ticket, req.ip));
      const flash = closed ? 'flash.ticket_closed' : 'flash.ticket_already_closed';
      await redirectWithFlash(req, res, `/tickets/${ticket.number}`, flash, { number: ticket.number });
    }),
  };
}
