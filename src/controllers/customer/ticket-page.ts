import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { attachmentCaps } from '../../forms/customer/attachments';
import { NotFoundError } from '../../domain/errors';
import { attachmentsOfTicket } from '../../models/attachments';
import { scopeOf } from '../../models/scope';
import { copiesOf } from '../../models/ticket-copies';
import { findVisibleTicket, messagesOf, type TicketRow } from '../../models/tickets';
import { allowedActions } from '../../policies/tickets';

/** A ticket's page in the portal, loaded and rendered for every action on it (a 422 shows it again). */
export function customerTicketPage(deps: AppDeps) {
  const { db } = deps;

  /** A ticket the user sees; another account's or one outside their numbers is not found. */
  async function load(req: Request, current: MemberUser): Promise<TicketRow> {
    const ticket = await findVisibleTicket(db, scopeOf(current), String(req.params.number));
    if (!ticket) throw new NotFoundError();
    return ticket;
  }

  async function render(
    res: Response,
    current: MemberUser,
    ticket: TicketRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    res.status(status).render('customer/tickets/show', {
      ticket,
      actions: allowedActions(current, ticket),
      messages: await messagesOf(db, ticket.id, false),
      attachments: await attachmentsOfTicket(db, ticket.id, false),
      attachmentHref: (a: { id: number }) => `/tickets/${ticket.number}/attachments/${a.id}`,
      caps: attachmentCaps(),
      copies: await copiesOf(db, ticket.id),
      copyPath: `/tickets/${ticket.number}/copies`,
      values,
      errors,
    });
  }

  return { load, render };
}
