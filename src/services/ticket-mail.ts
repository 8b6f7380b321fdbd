import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { lastTicketMessageId, localeOf, ownerEmail, supportContactEmails } from '../models/ticket-recipients';
import type { TicketRef } from '../models/tickets';

/** What the mail rules need to know about a ticket. */
export type TicketForMail = TicketRef;

export type TicketEvent = 'opened' | 'reply' | 'closed';

/**
 * E-mails about a ticket, WHMCS-style: the opener receives every update (not their own), the owner is
 * CC'd when someone else opened it, and nobody else. A problem report also goes to the account's
 * support contacts when it is opened. Each message carries [#NNNNNN] and threads on the last one.
 * Closing is an update like a reply: whoever closes (customer or helpdesk), the opener is told —
 * unless they closed it themselves.
 */
export async function notifyTicket(
  deps: AppDeps,
  trx: Db,
  ticket: TicketForMail,
  event: TicketEvent,
  message: { body: string; authorEmail: string; authorName: string },
): Promise<void> {
  const t = deps.i18n.getFixedT((await localeOf(trx, ticket.requester_email)) ?? 'es');
  const subject = `[#${ticket.number}] ${ticket.subject}`;
  const url = `${deps.config.baseUrl}/tickets/${ticket.number}`;
  // [#NNNNNN] is for people; replies are threaded by Message-ID or by this reference, which cannot
  // be guessed (and never lets anyone write on a ticket they are not on: services/inbound-filing).
  const reference = t('mail.ticket_reference', { reference: `[#${ticket.number}-${ticket.reply_key}]` });
  const text = `${t(`mail.ticket_${event}.body`, {
    number: ticket.number,
    subject: ticket.subject,
    author: message.authorName || message.authorEmail,
    body: message.body,
    url,
  })}\n\n${reference}`;

  // The opener gets the confirmation of their own ticket, and every later message but their own.
  const to = event === 'opened' || ticket.requester_email !== message.authorEmail ? [ticket.requester_email] : [];
  const owner = await ownerEmail(trx, ticket.account_id);
  const cc = owner && owner !== ticket.requester_email && owner !== message.authorEmail ? [owner] : [];
  const base = {
    accountId: ticket.account_id,
    category: 'support' as const,
    subject,
    text,
    ticketId: ticket.id,
    inReplyTo: await lastTicketMessageId(trx, ticket.id),
  };
  if (to.length) await deps.mailer.enqueue({ ...base, template: `ticket_${event}`, to, cc }, trx);
  else if (cc.length) await deps.mailer.enqueue({ ...base, template: `ticket_${event}`, to: cc }, trx);

  if (event === 'opened' && ticket.is_problem_report) {
    for (const address of await supportContactEmails(trx, ticket.account_id)) {
      await deps.mailer.enqueue(
        {
          ...base,
          template: 'problem_report',
          to: [address],
          text: t('mail.problem_report.body', { number: ticket.number, subject: ticket.subject, body: message.body }),
        },
        trx,
      );
    }
  }
}
