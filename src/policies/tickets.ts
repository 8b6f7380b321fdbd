import type { CurrentUser } from '../current-user';
import { ForbiddenError } from '../domain/errors';
import type { TicketRow } from '../models/tickets';
import { section, staff, type Policy } from './index';
import { openRefusal, replyRefusal, standingOf } from './ticket-senders';

/**
 * The portal's ticket pages (the route policy): users who may open tickets in their account — the
 * rule inbound mail obeys too (policies/ticket-senders.ts). The helpdesk's pages use `staff`.
 * allowedActions() asks the same.
 */
export const customerTickets: Policy = {
  ...section('tickets'),
  allows: (current) => current?.account != null && openRefusal(standingOf(current)) === null,
};

export const TICKET_ACTIONS = ['reply', 'close', 'note', 'set_status', 'assign', 'merge', 'copy'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];
export type TicketActions = Record<TicketAction, boolean>;

type PolicyTicket = Pick<TicketRow, 'account_id' | 'status'> & Partial<Pick<TicketRow, 'merged_into_id'>>;

const none: TicketActions = {
  reply: false,
  close: false,
  note: false,
  set_status: false,
  assign: false,
  merge: false,
  copy: false,
};

/**
 * What a user may do on a ticket they can see (records are loaded through the scope, so another
 * account's ticket never gets here). Customers reply — a reply reopens a closed ticket — close
 * an open one, and put contacts of the account in copy or remove them (whoever may reply; not on a
 * ticket merged into another, which mails nobody any more); the helpdesk also writes internal notes,
 * sets any status, assigns it to an agent and merges an open one into another. The pages show
 * exactly these buttons, and the actions refuse the rest.
 */
export function allowedActions(user: CurrentUser, ticket: PolicyTicket): TicketActions {
  const open = ticket.status !== 'closed';
  const merged = ticket.merged_into_id != null;
  if (staff.allows(user))
    return { reply: true, close: open, note: true, set_status: true, assign: true, merge: open, copy: !merged };
  // The ticket was loaded through the user's scope (models/scope.ts), so they see it.
  if (customerTickets.allows(user) && user.account?.id === ticket.account_id) {
    const reply = replyRefusal(standingOf(user), { requester: false, seesTicket: true }) === null;
    return { ...none, reply, close: reply && open, copy: reply && !merged };
  }
  return none;
}

/** The actions allowed, or a 403 when `action` is not among them. */
export function authorizeTicket(user: CurrentUser, ticket: PolicyTicket, action: TicketAction): TicketActions {
  const actions = allowedActions(user, ticket);
  if (!actions[action]) throw new ForbiddenError();
  return actions;
}
