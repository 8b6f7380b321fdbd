import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';

/** What the mail rules need to know about a ticket. */
export interface TicketForMail {
  id: number;
  account_id: number;
  number: string;
  subject: string;
  requester_email: string;
  opened_by_user_id: number | null;
  is_problem_report: boolean;
}

/** The account owner's address, when the ticket was opened by someone else (WHMCS: CC the principal). */
async function ownerCc(trx: Db, ticket: TicketForMail): Promise<string | null> {
  const owner = await trx('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': ticket.account_id, 'm.role': 'owner' })
    .first('u.email');
  return owner && owner.email !== ticket.requester_email ? owner.email : null;
}

/** Support contacts of the account: partners (their login e-mail) and plain addresses. */
export async function supportContactEmails(trx: Db, accountId: number): Promise<string[]> {
  const rows = await trx('support_contacts as s')
    .leftJoin('users as u', 'u.id', 's.partner_user_id')
    .where('s.account_id', accountId)
    .select(trx.raw('coalesce(u.email, s.email) AS email'));
  return [...new Set(rows.map((r: { email: string }) => r.email))];
}

/**
 * E-mails about a ticket, WHMCS-style: the opener receives every update (not their own), the owner is
 * CC'd when someone else opened it, and nobody else. A problem report also goes to the account's
 * support contacts when it is opened. Each message carries [#NNNNNN] and threads on the last one.
 */
export async function notifyTicket(
  deps: AppDeps,
  trx: Db,
  ticket: TicketForMail,
  event: 'opened' | 'reply' | 'closed',
  message: { body: string; authorEmail: string; authorName: string },
): Promise<void> {
  const requester = await trx('users').where({ email: ticket.requester_email }).first('locale');
  const t = deps.i18n.getFixedT(requester?.locale ?? 'es');
  const previous = await trx('mail_outbox').where({ ticket_id: ticket.id }).orderBy('id', 'desc').first('message_id');
  const subject = `[#${ticket.number}] ${ticket.subject}`;
  const url = `${deps.config.baseUrl}/tickets/${ticket.number}`;
  const text = t(`mail.ticket_${event}.body`, {
    number: ticket.number,
    subject: ticket.subject,
    author: message.authorName || message.authorEmail,
    body: message.body,
    url,
  });

  // The opener gets the confirmation of their own ticket, and every later message but their own.
  const to = event === 'opened' || ticket.requester_email !== message.authorEmail ? [ticket.requester_email] : [];
  const ownerAddress = await ownerCc(trx, ticket);
  const cc = ownerAddress && ownerAddress !== message.authorEmail ? [ownerAddress] : [];
  const base = {
    accountId: ticket.account_id,
    category: 'support' as const,
    subject,
    text,
    ticketId: ticket.id,
    inReplyTo: previous?.message_id ?? null,
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
