import type { Db } from '../db/knex';
import { contactIn, standingsOf } from '../models/senders';
import { isCopied } from '../models/ticket-copies';
import { ticketWithinScope, type TicketRef } from '../models/tickets';
import {
  memberStanding,
  NOBODY,
  openRefusal,
  replyRefusal,
  requesterStatusOf,
  type RequesterStatus,
  type TicketRefusal,
  type TicketStanding,
} from '../policies/ticket-senders';

/** Who an e-mail address is in one customer account, for filing its mail. */
export interface Sender {
  accountId: number;
  standing: TicketStanding;
  userId: number | null;
  membershipId: number | null;
  accountScope: 'all' | 'assigned';
  contactId: number | null;
  name: string;
}

/** The address in every customer account where it is a portal user or a contact. */
export async function sendersOf(db: Db, email: string): Promise<Sender[]> {
  return (await standingsOf(db, email)).map((row) => ({
    accountId: row.account_id,
    standing: {
      member:
        row.membership_id !== null && row.role !== null
          ? memberStanding({
              role: row.role,
              permissions: row.permissions ?? [],
              enabledSections: row.enabled_sections,
              blocked: row.blocked === true,
            })
          : null,
      contact: row.contact_status ? { status: row.contact_status } : null,
      account: row.account_status,
    },
    userId: row.membership_id !== null ? row.user_id : null,
    membershipId: row.membership_id,
    accountScope: row.account_scope ?? 'all',
    contactId: row.contact_id,
    name: `${row.first_name} ${row.last_name}`.trim(),
  }));
}

/** Why this address may not write on the ticket (null: it may), by the portal's rule and scope, or as a copy. */
export async function replyRefusalFor(
  db: Db,
  senders: Sender[],
  ticket: TicketRef,
  email: string,
): Promise<TicketRefusal | null> {
  const sender = senders.find((s) => s.accountId === ticket.account_id);
  const seesTicket =
    sender?.membershipId != null && sender.userId !== null
      ? await ticketWithinScope(
          db,
          {
            accountId: ticket.account_id,
            membershipId: sender.membershipId,
            accountScope: sender.accountScope,
            userId: sender.userId,
          },
          ticket.id,
        )
      : false;
  const copied = sender?.contactId != null && (await isCopied(db, ticket.id, sender.contactId));
  return replyRefusal(sender?.standing ?? NOBODY, { requester: email === ticket.requester_email, seesTicket, copied });
}

// When no account takes the mail, the reason shown is the most telling one.
const TELLING: TicketRefusal[] = [
  'account_closed',
  'account_suspended',
  'blocked_member',
  'no_tickets_permission',
  'rejected_sender',
  'unverified_sender',
];

/**
 * Where this address may open a ticket: the one account that allows it, or why not — several
 * accounts would (ambiguous), or none does (the reason, and the account when there is one).
 */
export function openDecision(
  senders: Sender[],
): { sender: Sender } | { refusal: TicketRefusal | 'ambiguous_sender'; accountId: number | null } {
  const allowed = senders.filter((s) => openRefusal(s.standing) === null);
  if (allowed.length === 1) return { sender: allowed[0] };
  if (allowed.length > 1) return { refusal: 'ambiguous_sender', accountId: null };
  const refusals = senders.map((s) => openRefusal(s.standing));
  return {
    refusal: TELLING.find((r) => refusals.includes(r)) ?? 'unknown_sender',
    accountId: senders.length === 1 ? senders[0].accountId : null,
  };
}

/**
 * How far the helpdesk may trust whoever asks on a ticket of the account — the same rule as the
 * portal and the mail path: a blocked user is «Bloqueado», never «Autorizado» through their contact.
 */
export async function requesterStatus(
  db: Db,
  accountId: number,
  email: string,
): Promise<{ status: RequesterStatus; contactId: number | null; note: string }> {
  const sender = (await sendersOf(db, email)).find((s) => s.accountId === accountId);
  const contact = await contactIn(db, accountId, email);
  const status = requesterStatusOf(sender?.standing ?? NOBODY);
  return {
    status,
    contactId: contact?.id ?? null,
    note: sender?.standing.member ? '' : (contact?.validation_note ?? ''),
  };
}
