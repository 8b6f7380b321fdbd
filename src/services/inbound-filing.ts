import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { parseInboundMail, type InboundMail } from '../mail/inbound-parse';
import { inboundSeen, insertInbound, lockHeld, markFiled, type InboundRow } from '../models/inbound-messages';
import { activeRoleIn, contactIn, contactsWithEmail, customerMembershipsOf } from '../models/senders';
import { findTicketRef, ticketByMessageIds, ticketRefByNumber, type TicketRef } from '../models/tickets';
import { addTicketMessage, createTicket } from './tickets';

export type FilingOutcome =
  | { outcome: 'ticket_created'; ticketNumber: string }
  | { outcome: 'reply_added'; ticketNumber: string }
  | { outcome: 'held'; reason: HoldReason; inboundId: number }
  | { outcome: 'ignored'; reason: 'automatic' | 'bounce' | 'no_sender' }
  | { outcome: 'duplicate' };

export type HoldReason =
  'unknown_sender' | 'unverified_sender' | 'rejected_sender' | 'ambiguous_sender' | 'not_authorized_for_ticket';

/** The ticket a reply belongs to: first by the app's own Message-IDs, then by the [#NNNNNN] tag. */
async function threadOf(trx: Db, mail: InboundMail): Promise<TicketRef | undefined> {
  const byId = await ticketByMessageIds(trx, [mail.inReplyTo, ...mail.references].filter(Boolean));
  if (byId) return byId;
  const tag = /\[#(\d{6})\]/.exec(mail.subject);
  return tag ? ticketRefByNumber(trx, tag[1]) : undefined;
}

/** May this address write on the ticket? The opener, the account's owner and admins, or an authorized contact. */
async function mayReply(trx: Db, ticket: TicketRef, email: string): Promise<boolean> {
  if (email === ticket.requester_email) return true;
  const role = await activeRoleIn(trx, ticket.account_id, email);
  if (role === 'owner' || role === 'admin') return true;
  return (await contactIn(trx, ticket.account_id, email))?.authorization_status === 'authorized';
}

/**
 * Who may open a ticket by e-mail, and for which account: a portal user of a customer account
 * (a sub-user's mail goes to the account they belong to), or an authorized contact.
 */
async function senderAccounts(trx: Db, email: string) {
  const users = await customerMembershipsOf(trx, email);
  const contacts = await contactsWithEmail(trx, email);
  const authorized = contacts.filter((c) => c.authorization_status === 'authorized');
  const accounts = new Set<number>([...users.map((u) => u.account_id), ...authorized.map((c) => c.account_id)]);
  return { users, contacts, authorized, accounts: [...accounts] };
}

/**
 * Files one inbound message, once (by Message-ID): a reply on its ticket, a new ticket from an
 * authorized sender, or a request held for the helpdesk. Nothing is dropped, nothing unknown trusted.
 */
export async function fileInboundMail(deps: AppDeps, mail: InboundMail): Promise<FilingOutcome> {
  return deps.db.transaction(async (trx) => {
    const record = (
      status: 'held' | 'filed' | 'ignored',
      extra: { holdReason?: string; accountId?: number | null; ticketId?: number } = {},
    ) =>
      insertInbound(trx, {
        messageId: mail.messageId,
        fromEmail: mail.fromAddress || 'unknown',
        fromName: mail.fromName,
        subject: mail.subject,
        body: mail.text,
        inReplyTo: mail.inReplyTo,
        references: mail.references.join(' ').slice(0, 5000),
        status,
        ...extra,
      });
    // Same Message-ID seen before: one message, whatever the number of deliveries.
    if (await inboundSeen(trx, mail.messageId)) return { outcome: 'duplicate' as const };

    if (mail.bounce || mail.automatic || !mail.fromAddress) {
      const reason = mail.bounce ? 'bounce' : mail.automatic ? 'automatic' : 'no_sender';
      await record('ignored', { holdReason: reason });
      return { outcome: 'ignored' as const, reason };
    }

    const sender = await senderAccounts(trx, mail.fromAddress);
    const ticket = await threadOf(trx, mail);
    if (ticket) {
      if (!(await mayReply(trx, ticket, mail.fromAddress))) {
        const id = await record('held', {
          holdReason: 'not_authorized_for_ticket',
          accountId: ticket.account_id,
          ticketId: ticket.id,
        });
        return { outcome: 'held' as const, reason: 'not_authorized_for_ticket' as const, inboundId: id! };
      }
      const user = sender.users.find((u) => u.account_id === ticket.account_id);
      await replyFromMail(deps, trx, ticket, mail, user?.user_id ?? null);
      await record('filed', { accountId: ticket.account_id, ticketId: ticket.id });
      return { outcome: 'reply_added' as const, ticketNumber: ticket.number };
    }

    if (sender.accounts.length !== 1) {
      const reason: HoldReason =
        sender.accounts.length > 1
          ? 'ambiguous_sender'
          : sender.contacts.some((c) => c.authorization_status === 'rejected')
            ? 'rejected_sender'
            : sender.contacts.length
              ? 'unverified_sender'
              : 'unknown_sender';
      const accountId = sender.contacts.length === 1 ? sender.contacts[0].account_id : null;
      const id = await record('held', { holdReason: reason, accountId });
      return { outcome: 'held' as const, reason, inboundId: id! };
    }

    const accountId = sender.accounts[0];
    const created = await openFromMail(deps, trx, accountId, mail, sender);
    await record('filed', { accountId, ticketId: created.id });
    return { outcome: 'ticket_created' as const, ticketNumber: created.number };
  });
}

function replyFromMail(deps: AppDeps, trx: Db, ticket: TicketRef, mail: InboundMail, userId: number | null) {
  return addTicketMessage(
    deps,
    ticket,
    {
      userId,
      email: mail.fromAddress,
      name: mail.fromName,
      kind: 'customer',
      body: mail.text || '—',
      source: 'email',
      emailMessageId: mail.messageId,
    },
    undefined,
    trx,
  );
}

async function openFromMail(
  deps: AppDeps,
  trx: Db,
  accountId: number,
  mail: InboundMail,
  sender: Awaited<ReturnType<typeof senderAccounts>>,
) {
  const user = sender.users.find((u) => u.account_id === accountId);
  const contact = sender.contacts.find((c) => c.account_id === accountId);
  const name = user
    ? `${user.first_name} ${user.last_name}`.trim()
    : contact
      ? `${contact.first_name} ${contact.last_name}`.trim()
      : mail.fromName;
  return createTicket(deps, trx, {
    accountId,
    department: 'support',
    priority: 'medium',
    subject: mail.subject || '(sin asunto)',
    body: mail.text || '—',
    accountNumberId: null,
    serviceId: null,
    problemReport: false,
    author: { userId: user?.user_id ?? null, email: mail.fromAddress, name },
    contactId: contact?.id ?? null,
    source: 'email',
    emailMessageId: mail.messageId,
  });
}

const asMail = (held: InboundRow): InboundMail => ({
  messageId: held.message_id,
  fromAddress: held.from_email,
  fromName: held.from_name,
  subject: held.subject,
  text: held.body,
  inReplyTo: held.in_reply_to,
  references: held.references_header ? held.references_header.split(' ') : [],
  automatic: false,
  bounce: false,
});

/** Files a held request as what it would have been, once its sender has been validated. */
export async function releaseHeld(
  deps: AppDeps,
  trx: Db,
  inboundId: number,
  staffUserId: number,
): Promise<{ ticketNumber: string } | null> {
  const held = await lockHeld(trx, inboundId);
  if (!held) return null;
  const mail = asMail(held);
  const ticket = held.ticket_id ? await findTicketRef(trx, held.ticket_id) : await threadOf(trx, mail);
  let filed: { id: number; number: string; account_id: number };
  if (ticket && (await mayReply(trx, ticket, mail.fromAddress))) {
    await replyFromMail(deps, trx, ticket, mail, null);
    filed = ticket;
  } else {
    const sender = await senderAccounts(trx, mail.fromAddress);
    if (sender.accounts.length !== 1) return null;
    const created = await openFromMail(deps, trx, sender.accounts[0], mail, sender);
    filed = { ...created, account_id: sender.accounts[0] };
  }
  await markFiled(trx, inboundId, { ticketId: filed.id, accountId: filed.account_id, resolvedByUserId: staffUserId });
  return { ticketNumber: filed.number };
}

/** Parses and files one raw message (what the SMTP listener and the HTTP endpoint both do). */
export async function fileRawMail(deps: AppDeps, raw: Buffer): Promise<FilingOutcome> {
  return fileInboundMail(deps, await parseInboundMail(raw));
}
