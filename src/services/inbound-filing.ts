import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { parseInboundMail, type InboundMail } from '../mail/inbound-parse';
import type { TicketForMail } from './ticket-mail';
import { createTicket, addTicketMessage } from './tickets';

export type FilingOutcome =
  | { outcome: 'ticket_created'; ticketNumber: string }
  | { outcome: 'reply_added'; ticketNumber: string }
  | { outcome: 'held'; reason: HoldReason; inboundId: number }
  | { outcome: 'ignored'; reason: 'automatic' | 'bounce' | 'no_sender' }
  | { outcome: 'duplicate' };

export type HoldReason =
  'unknown_sender' | 'unverified_sender' | 'rejected_sender' | 'ambiguous_sender' | 'not_authorized_for_ticket';

type TicketRef = TicketForMail;

/** The ticket a reply belongs to: first by the app's own Message-IDs, then by the [#NNNNNN] tag. */
async function threadOf(trx: Db, mail: InboundMail): Promise<TicketRef | undefined> {
  const ids = [mail.inReplyTo, ...mail.references].filter(Boolean);
  const fields = [
    't.id',
    't.account_id',
    't.number',
    't.subject',
    't.requester_email',
    't.opened_by_user_id',
    't.is_problem_report',
  ];
  if (ids.length) {
    const byOutbox = await trx('mail_outbox as o')
      .join('tickets as t', 't.id', 'o.ticket_id')
      .whereIn('o.message_id', ids)
      .first(fields);
    if (byOutbox) return byOutbox;
    const byInbound = await trx('ticket_messages as m')
      .join('tickets as t', 't.id', 'm.ticket_id')
      .whereIn('m.email_message_id', ids)
      .first(fields);
    if (byInbound) return byInbound;
  }
  const tag = /\[#(\d{6})\]/.exec(mail.subject);
  return tag ? trx('tickets as t').where('t.number', tag[1]).first(fields) : undefined;
}

/** May this address write on the ticket? The opener, the account's owner and admins, or an authorized contact. */
async function mayReply(trx: Db, ticket: TicketRef, email: string): Promise<boolean> {
  if (email === ticket.requester_email) return true;
  const manager = await trx('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': ticket.account_id, 'u.email': email })
    .whereIn('m.role', ['owner', 'admin'])
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .first('m.id');
  if (manager) return true;
  return Boolean(
    await trx('contacts')
      .where({ account_id: ticket.account_id, email, authorization_status: 'authorized' })
      .first('id'),
  );
}

/**
 * Who may open a ticket by e-mail, and for which account: a portal user of a customer account
 * (a sub-user's mail goes to the account they belong to), or an authorized contact.
 */
async function senderAccounts(trx: Db, email: string) {
  const users = await trx('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where({ 'u.email': email, 'a.kind': 'customer' })
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .select('m.account_id', 'u.id as user_id', 'u.first_name', 'u.last_name');
  const contacts = await trx('contacts')
    .where({ email })
    .select('id', 'account_id', 'authorization_status', 'first_name', 'last_name');
  const authorized = contacts.filter((c: { authorization_status: string }) => c.authorization_status === 'authorized');
  const accounts = new Set<number>([
    ...users.map((u: { account_id: number }) => u.account_id),
    ...authorized.map((c: { account_id: number }) => c.account_id),
  ]);
  return { users, contacts, authorized, accounts: [...accounts] };
}

/**
 * Files one inbound message, once (by Message-ID): a reply on its ticket, a new ticket from an
 * authorized sender, or a request held for the helpdesk. Nothing is dropped, nothing unknown trusted.
 */
export async function fileInboundMail(deps: AppDeps, mail: InboundMail): Promise<FilingOutcome> {
  return deps.db.transaction(async (trx) => {
    const record = async (status: 'held' | 'filed' | 'ignored', extra: Record<string, unknown> = {}) => {
      const rows = await trx('inbound_messages')
        .insert({
          message_id: mail.messageId,
          from_email: mail.fromAddress || 'unknown',
          from_name: mail.fromName,
          subject: mail.subject,
          body: mail.text,
          in_reply_to: mail.inReplyTo,
          references_header: mail.references.join(' ').slice(0, 5000),
          status,
          ...extra,
        })
        .onConflict('message_id')
        .ignore()
        .returning('id');
      return rows[0] ? (rows[0] as { id: number }).id : null;
    };
    // Same Message-ID seen before: one message, whatever the number of deliveries.
    if (await trx('inbound_messages').where({ message_id: mail.messageId }).first('id'))
      return { outcome: 'duplicate' as const };

    if (mail.bounce || mail.automatic || !mail.fromAddress) {
      const reason = mail.bounce ? 'bounce' : mail.automatic ? 'automatic' : 'no_sender';
      await record('ignored', { hold_reason: reason });
      return { outcome: 'ignored' as const, reason };
    }

    const sender = await senderAccounts(trx, mail.fromAddress);
    const ticket = await threadOf(trx, mail);
    if (ticket) {
      if (!(await mayReply(trx, ticket, mail.fromAddress))) {
        const id = await record('held', {
          hold_reason: 'not_authorized_for_ticket',
          account_id: ticket.account_id,
          ticket_id: ticket.id,
        });
        return { outcome: 'held' as const, reason: 'not_authorized_for_ticket' as const, inboundId: id! };
      }
      const user = sender.users.find((u: { account_id: number }) => u.account_id === ticket.account_id);
      await addTicketMessage(
        deps,
        ticket,
        {
          userId: user?.user_id ?? null,
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
      await record('filed', { account_id: ticket.account_id, ticket_id: ticket.id });
      return { outcome: 'reply_added' as const, ticketNumber: ticket.number };
    }

    if (sender.accounts.length !== 1) {
      const reason: HoldReason =
        sender.accounts.length > 1
          ? 'ambiguous_sender'
          : sender.contacts.some((c: { authorization_status: string }) => c.authorization_status === 'rejected')
            ? 'rejected_sender'
            : sender.contacts.length
              ? 'unverified_sender'
              : 'unknown_sender';
      const accountId = sender.contacts.length === 1 ? sender.contacts[0].account_id : null;
      const id = await record('held', { hold_reason: reason, account_id: accountId });
      return { outcome: 'held' as const, reason, inboundId: id! };
    }

    const accountId = sender.accounts[0];
    const created = await openFromMail(deps, trx, accountId, mail, sender);
    await record('filed', { account_id: accountId, ticket_id: created.id });
    return { outcome: 'ticket_created' as const, ticketNumber: created.number };
  });
}

async function openFromMail(
  deps: AppDeps,
  trx: Db,
  accountId: number,
  mail: InboundMail,
  sender: Awaited<ReturnType<typeof senderAccounts>>,
) {
  const user = sender.users.find((u: { account_id: number }) => u.account_id === accountId);
  const contact = sender.contacts.find((c: { account_id: number }) => c.account_id === accountId);
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

/** Files a held request as what it would have been, once its sender has been validated. */
export async function releaseHeld(
  deps: AppDeps,
  trx: Db,
  inboundId: number,
  staffUserId: number,
): Promise<{ ticketNumber: string } | null> {
  const held = await trx('inbound_messages').where({ id: inboundId, status: 'held' }).forUpdate().first();
  if (!held) return null;
  const mail: InboundMail = {
    messageId: held.message_id,
    fromAddress: held.from_email,
    fromName: held.from_name,
    subject: held.subject,
    text: held.body,
    inReplyTo: held.in_reply_to,
    references: held.references_header ? held.references_header.split(' ') : [],
    automatic: false,
    bounce: false,
  };
  let ticketNumber: string;
  const ticket = held.ticket_id
    ? await trx('tickets').where({ id: held.ticket_id }).first()
    : await threadOf(trx, mail);
  if (ticket && (await mayReply(trx, ticket, mail.fromAddress))) {
    await addTicketMessage(
      deps,
      ticket,
      {
        userId: null,
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
    ticketNumber = ticket.number;
  } else {
    const sender = await senderAccounts(trx, mail.fromAddress);
    if (sender.accounts.length !== 1) return null;
    ticketNumber = (await openFromMail(deps, trx, sender.accounts[0], mail, sender)).number;
  }
  const filed = await trx('tickets').where({ number: ticketNumber }).first('id', 'account_id');
  await trx('inbound_messages').where({ id: inboundId }).update({
    status: 'filed',
    ticket_id: filed.id,
    account_id: filed.account_id,
    resolved_by_user_id: staffUserId,
    resolved_at: trx.fn.now(),
  });
  return { ticketNumber };
}

/** Parses and files one raw message (what the SMTP listener and the HTTP endpoint both do). */
export async function fileRawMail(deps: AppDeps, raw: Buffer): Promise<FilingOutcome> {
  return fileInboundMail(deps, await parseInboundMail(raw));
}
