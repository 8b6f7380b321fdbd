import type { Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { CurrentUser } from '../current-user';
import type { FieldErrors } from '../forms/form';
import { parseTicketCopy } from '../forms/customer/ticket-copy';
import { NotFoundError } from '../domain/errors';
import { positiveId } from '../domain/ids';
import { findCopy } from '../models/ticket-copies';
import type { TicketRow } from '../models/tickets';
import { authorizeTicket } from '../policies/tickets';
import { addTicketCopy, removeTicketCopy } from '../services/ticket-copies';
import { redirectWithFlash, submitFormOnce } from './respond';

/** The ticket page the copy forms live on: the portal's (within the user's scope) or the console's. */
export interface CopyPage<U extends CurrentUser> {
  load(req: Request, current: U): Promise<TicketRow>;
  render(
    res: Response,
    current: U,
    ticket: TicketRow,
    status: number,
    values: Record<string, string>,
    errors: FieldErrors,
  ): Promise<void>;
  pathOf(ticket: TicketRow): string;
}

/** «Personas en copia»: the same two actions on both pages, each answering on its own page. */
export function ticketCopyActions<U extends CurrentUser>(deps: AppDeps, page: CopyPage<U>) {
  return {
    /** POST …/tickets/:number/copies — a contact of the ticket's account, by e-mail (422 beside the field). */
    async create(req: Request, res: Response, current: U): Promise<void> {
      const ticket = await page.load(req, current);
      authorizeTicket(current, ticket, 'copy');
      const form = parseTicketCopy(req.body);
      if (!form.ok) return page.render(res, current, ticket, 422, form.values, form.errors);
      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) => addTicketCopy(tx, current, ticket, form.data.email, req.ip),
        pathOf: (added) => (added.ok ? page.pathOf(ticket) : null),
        // The same contact added twice at once: the other submission put them in copy.
        conflict: () =>
          page.render(res, current, ticket, 422, form.data, { email: 'errors.ticket_copy.email.already' }),
      });
      if (!submitted) return;
      const { result } = submitted;
      if (!result.ok) return page.render(res, current, ticket, 422, form.data, result.errors);
      return redirectWithFlash(req, res, page.pathOf(ticket), 'flash.ticket_copy_added', { name: result.name });
    },

    /** POST …/tickets/:number/copies/:contactId/delete — «Quitar»; a contact not in copy here is a 404. */
    async destroy(req: Request, res: Response, current: U): Promise<void> {
      const ticket = await page.load(req, current);
      authorizeTicket(current, ticket, 'copy');
      const copy = await findCopy(deps.db, ticket.id, positiveId(req.params.contactId) ?? 0);
      if (!copy) throw new NotFoundError();
      await removeTicketCopy(deps, current, ticket, copy, req.ip);
      const name = `${copy.first_name} ${copy.last_name}`.trim();
      return redirectWithFlash(req, res, page.pathOf(ticket), 'flash.ticket_copy_removed', { name });
    },
  };
}
