import type { AppDeps } from '../app-deps';
import type { Locale } from '../i18n';
import { copyRecipients } from '../models/ticket-copies';
import { reportedAccount, supportContactEmails, ticketMailContext } from '../models/ticket-recipients';
import type { TicketRef } from '../models/tickets';
import { REPLY_MARKER } from '../mail/reply-text';
import { languagesFrom, recipientsIn } from './mail-language';

/** What the mail rules need to know about a ticket. */
export type TicketForMail = TicketRef;

export type TicketEvent = 'opened' | 'reply' | 'closed';

/**
 * E-mails about a ticket, WHMCS-style: the opener receives every update (not their own), the owner is
 * CC'd when someone else opened it; the contacts who chose «Soporte» mail receive a copy of the
 * tickets the owner opened — never of another user's (seed 003: nobody receives another user's
 * tickets); the people in copy («Personas en copia», models/ticket-copies.ts) each get their own
 * message; and nobody else. A problem report also goes to the account's
 * support contacts when it is opened. Each message carries [#NNNNNN] and threads on the last one.
 * Closing is an update like a reply: whoever closes (customer or helpdesk), the opener is told —
 * unless they closed it themselves. Each recipient reads it in their own language.
 */
export async function notifyTicket(
  deps: AppDeps,
  ticket: TicketForMail,
  event: TicketEvent,
  message: { body: string; authorEmail: string; authorName: string },
): Promise<void> {
  const { db } = deps;
  const url = `${deps.config.baseUrl}/tickets/${ticket.number}`;
  // [#NNNNNN] is for people; replies are threaded by Message-ID or by this reference, which cannot
  // be guessed (and never lets anyone write on a ticket they are not on: services/inbound-filing).
  const reference = `[#${ticket.number}-${ticket.reply_key}]`;
  const text = (locale: Locale) => {
    const t = deps.i18n.getFixedT(locale);
    // The marker first: whatever a reply writes above it is the reply (mail/reply-text.ts).
    return `${REPLY_MARKER}\n\n${t(`mail.ticket_${event}.body`, {
      number: ticket.number,
      subject: ticket.subject,
      author: message.authorName || message.authorEmail,
      body: message.body,
      url,
    })}\n\n${t('mail.ticket_reference', { reference })}`;
  };

  // The opener gets the confirmation of their own ticket, and every later message but their own.
  const to = event === 'opened' || ticket.requester_email !== message.authorEmail ? [ticket.requester_email] : [];
  const supportContacts =
    event === 'opened' && ticket.is_problem_report ? await supportContactEmails(db, ticket.account_id) : [];
  // The owner, everyone's language and the message to thread on, in one statement.
  const context = await ticketMailContext(db, ticket.account_id, ticket.id, [...to, ...supportContacts]);
  const owner = context.owner;
  const cc = owner && owner !== ticket.requester_email && owner !== message.authorEmail ? [owner] : [];
  // Whoever already receives this change (or wrote it) is not copied a second time.
  const copies =
    owner !== null && same(ticket.requester_email, owner)
      ? await supportCopies(deps, ticket.account_id, [...to, ...cc, ...supportContacts, message.authorEmail])
      : [];
  const known = languagesFrom(context.locales);
  const copyLocales = new Map(copies.map((c) => [c.email, c.locale]));
  const languageOf = (address: string) => copyLocales.get(address) ?? known(address);
  const base = {
    accountId: ticket.account_id,
    category: 'support' as const,
    subject: `[#${ticket.number}] ${ticket.subject}`,
    ticketId: ticket.id,
    inReplyTo: context.lastMessageId,
    // «Responde a este correo»: the answer must reach the address the inbound listener files.
    replyTo: deps.config.supportEmail,
  };
  const send = (recipients: { to: string[]; cc?: string[] }, locale: Locale) =>
    deps.mailer.enqueue({ ...base, template: `ticket_${event}`, ...recipients, text: text(locale) }, db);

  // One message per language: the opener in To and the others in CC when they read the same one.
  const copied = [...cc, ...copies.map((c) => c.email)];
  for (const locale of [...new Set([...to, ...copied].map(languageOf))]) {
    const toHere = to.filter((a) => languageOf(a) === locale);
    const ccHere = copied.filter((a) => languageOf(a) === locale);
    await send(toHere.length ? { to: toHere, cc: ccHere } : { to: ccHere }, locale);
  }

  if (supportContacts.length) await sendProblemReports(deps, ticket, message, supportContacts, languageOf, base);

  // The people in copy: one message each in their language, never twice to an address, never to
  // whoever wrote (a new ticket has nobody in copy yet).
  if (event === 'opened') return;
  const mailed = new Set([...to, ...copied, message.authorEmail].map((e) => e.toLowerCase()));
  for (const copy of await copyRecipients(db, ticket.id)) {
    if (mailed.has(copy.email)) continue;
    mailed.add(copy.email);
    await send({ to: [copy.email] }, copy.locale);
  }
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The account's contacts who receive «Soporte» mail, less those already written to, once each. */
async function supportCopies(
  deps: AppDeps,
  accountId: number,
  already: string[],
): Promise<{ email: string; locale: Locale }[]> {
  const copies: { email: string; locale: Locale }[] = [];
  for (const { email, locale } of await recipientsIn(deps.db, accountId, 'support')) {
    if (![...already, ...copies.map((c) => c.email)].some((a) => same(a, email)))
      copies.push({ email: email.trim().toLowerCase(), locale });
  }
  return copies;
}

/**
 * A problem report to the account's support contacts (seed 002): a contact of many customers must
 * see whose problem it is — the account and its realm, who reported it, the subject and message —
 * and where to act: a reseller's partners in the Accounts Manager, the platform's staff on the
 * helpdesk's ticket.
 */
async function sendProblemReports(
  deps: AppDeps,
  ticket: TicketForMail,
  message: { body: string; authorEmail: string; authorName: string },
  addresses: string[],
  languageOf: (address: string) => Locale,
  base: Omit<Parameters<AppDeps['mailer']['enqueue']>[0], 'template' | 'to' | 'text'>,
): Promise<void> {
  const account = await reportedAccount(deps.db, ticket.account_id);
  if (!account) return;
  const link =
    account.kind === 'reseller'
      ? `${deps.config.baseUrl}/staff/tickets/${ticket.number}`
      : `${deps.config.baseUrl}/manager/accounts/${ticket.account_id}`;
  for (const address of addresses) {
    const t = deps.i18n.getFixedT(languageOf(address));
    await deps.mailer.enqueue(
      {
        ...base,
        template: 'problem_report',
        to: [address],
        text: t('mail.problem_report.body', {
          number: ticket.number,
          account: account.name,
          realm: account.realm,
          reporter: message.authorName ? `${message.authorName} <${message.authorEmail}>` : message.authorEmail,
          subject: ticket.subject,
          body: message.body,
          link: t(account.kind === 'reseller' ? 'mail.problem_report.staff_link' : 'mail.problem_report.manager_link', {
            url: link,
          }),
        }),
      },
      deps.db,
    );
  }
}
