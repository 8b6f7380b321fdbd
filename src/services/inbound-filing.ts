import { hostname } from 'node:os';
import type { AppDeps } from '../app-deps';
import { authenticateSender, VOUCHED, type SenderAuthentication, type SmtpContext } from '../mail/inbound-auth';
import { parseInboundMail, type InboundMail } from '../mail/inbound-parse';
import { trimReply } from '../mail/reply-text';
import { fileHeldAttachments, insertHeldAttachments } from '../models/attachments';
import { type NewAttachment } from '../domain/attachments';
import { inboundSeen, insertInbound, lockHeld, markFiled, type InboundRow } from '../models/inbound-messages';
import {
  findTicketRef,
  followMerges,
  ticketByMessageIds,
  ticketRefByNumber,
  ticketRefByReference,
  type TicketRef,
} from '../models/tickets';
import type { TicketRefusal } from '../policies/ticket-senders';
import { withinLimits } from '../domain/attachments';
import { openDecision, replyRefusalFor, sendersOf, type Sender } from './inbound-senders';
import { recipientLanguages } from './mail-language';
import { addTicketMessage, createTicket } from './tickets';

export type FilingOutcome =
  | { outcome: 'ticket_created'; ticketNumber: string }
  | { outcome: 'reply_added'; ticketNumber: string }
  | { outcome: 'held'; reason: HoldReason; inboundId: number }
  | { outcome: 'ignored'; reason: 'automatic' | 'bounce' | 'no_sender' }
  | { outcome: 'duplicate' };

/** Why a message waits for the helpdesk: the ticket rules' answer, or a From its domain did not vouch for. */
export type HoldReason = TicketRefusal | 'ambiguous_sender' | 'sender_not_verified' | 'conflicting_sender';

/** The reference ticket e-mails carry ([#NNNNNN-<key>], six to eight digits; see services/ticket-mail.ts). */
const REFERENCE = /\[#(\d{6,8})-([0-9a-f]{24})\]/i;

/**
 * The ticket a message answers: by the app's own Message-IDs, by the full reference, then by the
 * [#NNNNNN] people type. Which ticket it names never lets anyone write on it: the sender must be on
 * it (replyRefusalFor), whichever way it was found.
 */
async function threadOf({ db }: Pick<AppDeps, 'db'>, mail: InboundMail): Promise<TicketRef | undefined> {
  return (await threadsOf({ db }, mail))?.ticket;
}

/** The ticket a message names and, when that one was merged, the ticket its thread goes on in. */
async function threadsOf(
  { db }: Pick<AppDeps, 'db'>,
  mail: InboundMail,
): Promise<{ named: TicketRef; ticket: TicketRef } | undefined> {
  const named = await namedTicket({ db }, mail);
  return named && { named, ticket: await followMerges(db, named) };
}

async function namedTicket({ db }: Pick<AppDeps, 'db'>, mail: InboundMail): Promise<TicketRef | undefined> {
  const byId = await ticketByMessageIds(db, [mail.inReplyTo, ...mail.references].filter(Boolean));
  if (byId) return byId;
  const reference = REFERENCE.exec(`${mail.subject}\n${mail.text}`);
  const byReference = reference && (await ticketRefByReference(db, reference[1], reference[2].toLowerCase()));
  if (byReference) return byReference;
  const tag = /\[#(\d{6,8})\]/.exec(mail.subject);
  return tag ? ticketRefByNumber(db, tag[1]) : undefined;
}

/**
 * Files one inbound message, once (by Message-ID): a reply on its ticket, a new ticket, or a request
 * held for the helpdesk — by the rules the portal enforces (policies/ticket-senders.ts), and only
 * when From's domain vouches for the message (`authentication`; callers that file a message built
 * by hand have vouched for it). Nothing is dropped, nothing unknown trusted.
 */
export async function fileInboundMail(
  deps: AppDeps,
  mail: InboundMail,
  authentication: SenderAuthentication = VOUCHED,
): Promise<FilingOutcome> {
  // Files over the caps are recorded by name, not kept (counted within INBOUND_MAX_BYTES too).
  const files = withinLimits(mail.attachments ?? [], deps.config.inbound.maxBytes);
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
        senderVerified: authentication.verified,
        authentication: authentication.summary,
        ...extra,
      });
    const hold = async (reason: HoldReason, accountId: number | null, ticketId?: number) => {
      const inboundId = await record('held', { holdReason: reason, accountId, ticketId });
      await insertHeldAttachments(trx, inboundId!, files);
      return { outcome: 'held' as const, reason, inboundId: inboundId! };
    };
    // Same Message-ID seen before: one message, whatever the number of deliveries.
    if (await inboundSeen(trx, mail.messageId)) return { outcome: 'duplicate' as const };

    if (mail.bounce || mail.automatic || !mail.fromAddress) {
      const reason = mail.bounce ? 'bounce' : mail.automatic ? 'automatic' : 'no_sender';
      await record('ignored', { holdReason: reason });
      return { outcome: 'ignored' as const, reason };
    }

    const senders = await sendersOf(trx, mail.fromAddress);
    const thread = await threadsOf({ ...deps, db: trx }, mail);
    const ticket = thread?.ticket;
    // Several From addresses, or a Sender that differs: the one trusted may not be the one filed.
    if (mail.conflictingSender) {
      const accountId = ticket?.account_id ?? (senders.length === 1 ? senders[0].accountId : null);
      return hold('conflicting_sender', accountId, ticket?.id);
    }
    if (ticket) {
      // Someone on a merged ticket stays on its thread, which now goes on in the target.
      const refusedHere = await replyRefusalFor(trx, senders, ticket, mail.fromAddress);
      const refused =
        refusedHere && thread.named.id !== ticket.id
          ? await replyRefusalFor(trx, senders, thread.named, mail.fromAddress)
          : refusedHere;
      if (refused) return hold(refused, ticket.account_id, ticket.id);
      if (!authentication.verified) return hold('sender_not_verified', ticket.account_id, ticket.id);
      await replyFromMail({ ...deps, db: trx }, ticket, mail, senders, files);
      await record('filed', { accountId: ticket.account_id, ticketId: ticket.id });
      return { outcome: 'reply_added' as const, ticketNumber: ticket.number };
    }

    const decision = openDecision(senders);
    if ('refusal' in decision) return hold(decision.refusal, decision.accountId);
    const { accountId } = decision.sender;
    if (!authentication.verified) return hold('sender_not_verified', accountId);
    const created = await openFromMail({ ...deps, db: trx }, decision.sender, mail, files);
    await record('filed', { accountId, ticketId: created.id });
    return { outcome: 'ticket_created' as const, ticketNumber: created.number };
  });
}

/** The body of an e-mail as filed (whole) and what is shown of it when its quoted history is trimmed. */
function bodyOf(text: string, empty: string): { body: string; replyText: string | null } {
  if (!text) return { body: empty, replyText: null };
  const shown = trimReply(text);
  return { body: text, replyText: shown === text.trim() ? null : shown };
}

/**
 * What an empty subject or body is filed as: in the sender's language. A message with both needs
 * none (its own are returned, and the sender's language is not looked up).
 */
async function placeholdersFor(deps: AppDeps, mail: Pick<InboundMail, 'fromAddress' | 'subject' | 'text'>) {
  if (mail.subject && mail.text) return { subject: mail.subject, text: mail.text };
  const t = deps.i18n.getFixedT((await recipientLanguages(deps.db, [mail.fromAddress]))(mail.fromAddress));
  return { subject: t('mail.inbound.no_subject'), text: t('mail.inbound.no_text') };
}

/** In the caller's transaction (`deps.db`), as openFromMail. */
async function replyFromMail(
  deps: AppDeps,
  ticket: TicketRef,
  mail: InboundMail,
  senders: Sender[],
  attachments: NewAttachment[] = [],
) {
  const sender = senders.find((s) => s.accountId === ticket.account_id);
  const empty = await placeholdersFor(deps, mail);
  return addTicketMessage(
    deps,
    ticket,
    {
      userId: sender?.userId ?? null,
      email: mail.fromAddress,
      // The person on file, not what their mail client calls them (nor the bare address).
      name: sender?.name || mail.fromName,
      kind: 'customer',
      ...bodyOf(mail.text, empty.text),
      source: 'email',
      emailMessageId: mail.messageId,
      attachments,
    },
    undefined,
  );
}

async function openFromMail(deps: AppDeps, sender: Sender, mail: InboundMail, attachments: NewAttachment[] = []) {
  const empty = await placeholdersFor(deps, mail);
  return createTicket(deps, {
    accountId: sender.accountId,
    department: 'support',
    priority: 'medium',
    subject: mail.subject || empty.subject,
    ...bodyOf(mail.text, empty.text),
    accountNumberId: null,
    serviceId: null,
    problemReport: false,
    author: { userId: sender.userId, email: mail.fromAddress, name: sender.name || mail.fromName },
    contactId: sender.contactId,
    source: 'email',
    emailMessageId: mail.messageId,
    attachments,
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

/**
 * Files a held request as what it would have been, once the helpdesk has validated its sender (their
 * word stands for the message): by the same rules, or not at all (null) when they still refuse it.
 */
export async function releaseHeld(
  deps: AppDeps,
  inboundId: number,
  staffUserId: number,
): Promise<{ ticketNumber: string } | null> {
  const { db } = deps;
  const held = await lockHeld(db, inboundId);
  if (!held) return null;
  const mail = asMail(held);
  const senders = await sendersOf(db, mail.fromAddress);
  const heldOn = held.ticket_id ? await findTicketRef(db, held.ticket_id) : undefined;
  const ticket = heldOn ? await followMerges(db, heldOn) : await threadOf(deps, mail);
  let filed: { id: number; number: string; account_id: number; messageId: number };
  if (ticket && !(await replyRefusalFor(db, senders, ticket, mail.fromAddress))) {
    filed = { ...ticket, messageId: await replyFromMail(deps, ticket, mail, senders) };
  } else {
    const decision = openDecision(senders);
    if ('refusal' in decision) return null;
    const created = await openFromMail(deps, decision.sender, mail);
    filed = { ...created, account_id: decision.sender.accountId };
  }
  // The files the request came with go with the message it became.
  await fileHeldAttachments(db, inboundId, filed.id, filed.messageId);
  await markFiled(db, inboundId, { ticketId: filed.id, accountId: filed.account_id, resolvedByUserId: staffUserId });
  return { ticketNumber: filed.number };
}

/**
 * Parses, checks and files one raw message (what the SMTP listener and the HTTP endpoint both do).
 * `smtp`: the client and envelope when it came over SMTP (for SPF); over HTTP only the gateway's
 * Authentication-Results or a DKIM signature can vouch for it.
 */
export async function fileRawMail(deps: AppDeps, raw: Buffer, smtp: SmtpContext = {}): Promise<FilingOutcome> {
  const mail = await parseInboundMail(raw);
  const authentication = await authenticateSender(raw, mail.fromAddress, smtp, {
    authservId: deps.config.inbound.authservId,
    resolver: deps.dnsResolver,
    mta: hostname(),
  });
  return fileInboundMail(deps, mail, authentication);
}
