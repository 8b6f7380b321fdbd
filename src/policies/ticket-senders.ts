import type { CurrentUser } from '../current-user';
import { effectiveSections, type Role, type Section } from '../domain/permissions';

/**
 * Who may open a ticket in an account, and who may write on one — the one rule for the portal and
 * for e-mail (issue 10: mail obeys what the portal enforces). A person stands in an account as a
 * portal user (their membership decides, whatever their contact record says) or, without a login
 * there, as a contact on file (authorized, unverified or rejected).
 */
export interface TicketStanding {
  /** Their membership of the account (accepted or still an invitation), if any. */
  member: { sections: ReadonlySet<Section>; blocked: boolean } | null;
  /** Their contact record in the account, if any. */
  contact: { status: 'authorized' | 'unverified' | 'rejected' } | null;
  /**
   * The account's standing (absent: active). Its people cannot sign in while it is suspended or
   * closed, so nobody acts in it by e-mail either; a partner of a suspended or closed reseller
   * stands in its customers' accounts as their reseller does.
   */
  account?: AccountStanding;
}

export type AccountStanding = 'active' | 'suspended' | 'closed';

/** Why someone may not act on tickets: what the helpdesk is shown beside a held e-mail. */
export type TicketRefusal =
  | 'account_suspended'
  | 'account_closed'
  | 'blocked_member'
  | 'no_tickets_permission'
  | 'unverified_sender'
  | 'rejected_sender'
  | 'unknown_sender'
  | 'not_authorized_for_ticket';

export const NOBODY: TicketStanding = { member: null, contact: null };

/** The standing of a membership as the database has it. */
export function memberStanding(values: {
  role: Role;
  permissions: readonly string[];
  enabledSections: readonly string[];
  blocked: boolean;
}): TicketStanding['member'] {
  return {
    sections: effectiveSections(values.role, values.permissions, values.enabledSections),
    blocked: values.blocked,
  };
}

/** The signed-in user's standing in the account they are working in (blocked users never get this far). */
export function standingOf(user: CurrentUser): TicketStanding {
  return user.membership ? { member: { sections: user.sections, blocked: false }, contact: null } : NOBODY;
}

/** Refused to open a ticket in the account, or null when they may. */
export function openRefusal(who: TicketStanding): TicketRefusal | null {
  if (who.account === 'suspended') return 'account_suspended';
  if (who.account === 'closed') return 'account_closed';
  if (who.member) {
    if (who.member.blocked) return 'blocked_member';
    return who.member.sections.has('tickets') ? null : 'no_tickets_permission';
  }
  switch (who.contact?.status) {
    case 'authorized':
      return null;
    case 'unverified':
      return 'unverified_sender';
    case 'rejected':
      return 'rejected_sender';
    default:
      return 'unknown_sender';
  }
}

/**
 * Refused to write on a ticket of the account, or null when they may: whoever may open tickets and
 * is on this one — a portal user who sees it (their account numbers, or they opened it:
 * models/scope.ts decides `seesTicket`), a contact who asked it (`requester`) or whom someone put in
 * copy on it (`copied`). Being in copy puts a contact on the ticket as its requester is, never more:
 * an unverified, rejected or unknown one is refused all the same, and a portal user's account
 * numbers still decide for them.
 */
export function replyRefusal(
  who: TicketStanding,
  ticket: { requester: boolean; seesTicket: boolean; copied?: boolean },
): TicketRefusal | null {
  const refused = openRefusal(who);
  if (refused === 'unknown_sender') return 'not_authorized_for_ticket';
  if (refused) return refused;
  const onTicket = who.member ? ticket.seesTicket : ticket.requester || ticket.copied === true;
  return onTicket ? null : 'not_authorized_for_ticket';
}

export type RequesterStatus =
  | 'authorized'
  | 'unverified'
  | 'unknown'
  | 'rejected'
  | 'blocked'
  | 'no_tickets'
  | 'account_suspended'
  | 'account_closed';

/** How far the helpdesk may trust whoever asks (the badge on a ticket): the same rule, as a status. */
export function requesterStatusOf(who: TicketStanding): RequesterStatus {
  const refused = openRefusal(who);
  switch (refused) {
    case null:
      return 'authorized';
    case 'account_suspended':
    case 'account_closed':
      return refused;
    case 'blocked_member':
      return 'blocked';
    case 'no_tickets_permission':
      return 'no_tickets';
    case 'unverified_sender':
      return 'unverified';
    case 'rejected_sender':
      return 'rejected';
    default:
      return 'unknown';
  }
}
