import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { NotFoundError } from '../../domain/errors';
import { ticketHistory } from '../../models/activity';
import { attachmentsOfTicket } from '../../models/attachments';
import { cannedAnswers } from '../../models/canned-answers';
import { accountHeading, helpdeskAgents } from '../../models/helpdesk';
import { copiesOf } from '../../models/ticket-copies';
import { STATUSES, findTicketByNumber, messagesOf, type TicketRow } from '../../models/tickets';
import { allowedActions } from '../../policies/tickets';
import { requesterStatus } from '../../services/inbound-senders';

/** The changes a ticket's history lists (its messages are the conversation above it). */
const HISTORY_ACTIONS = [
  'staff.ticket_assigned',
  'staff.ticket_status',
  'staff.ticket_merged',
  'ticket.closed',
  'ticket.copy_added',
  'ticket.copy_removed',
] as const;

/** The helpdesk's ticket page, loaded and rendered for every action on it (a 422 shows it again). */
export function staffTicketPage(deps: AppDeps) {
  const { db } = deps;

  async function load(req: Request): Promise<TicketRow> {
    const ticket = await findTicketByNumber(db, String(req.params.number));
    if (!ticket) throw new NotFoundError();
    return ticket;
  }

  async function render(
    res: Response,
    current: CurrentUser,
    ticket: TicketRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    res.status(status).render('staff/ticket', {
      ticket,
      actions: allowedActions(current, ticket),
      account: await accountHeading(db, ticket.account_id),
      requester: await requesterStatus(db, ticket.account_id, ticket.requester_email),
      messages: await messagesOf(db, ticket.id, true),
      attachments: await attachmentsOfTicket(db, ticket.id, true),
      attachmentHref: (a: { id: number }) => `/staff/attachments/${a.id}`,
      statuses: STATUSES,
      agents: await helpdeskAgents(db),
      canned: await cannedAnswers(db),
      history: await ticketHistory(db, ticket.id, HISTORY_ACTIONS),
      copies: await copiesOf(db, ticket.id),
      copyPath: `/staff/tickets/${ticket.number}/copies`,
      values,
      errors,
    });
  }

  return { load, render };
}
