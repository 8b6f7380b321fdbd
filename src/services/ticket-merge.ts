import type { AppDeps } from '../app-deps';
import { copyRecipients, moveCopies } from '../models/ticket-copies';
import { lockForMerge, mergeInto, type TicketRow } from '../models/tickets';
import { recordAudit } from './audit';
import { recipientLanguages } from './mail-language';
import type { Actor } from './tickets';
import { emitTicketEvent } from './webhooks/emit';

/**
 * Merges a ticket into another of the same account: its messages and files move with their dates,
 * it is closed pointing at the target (its e-mail replies land there: services/inbound-filing.ts;
 * subscribers hear ticket.closed for it), its people in copy move to the target (once each), and
 * both requesters and everyone in copy are told, each in their language. Returns false when the
 * target is not
 * another unmerged ticket of the same account (the caller shows the form again).
 */
export async function mergeTicket(
  deps: AppDeps,
  actor: Actor,
  source: TicketRow,
  target: TicketRow,
  ip?: string,
): Promise<boolean> {
  if (source.id === target.id || source.account_id !== target.account_id || target.merged_into_id) return false;
  return deps.db.transaction(async (trx) => {
    if (!(await lockForMerge(trx, [source.id, target.id]))) return false;
    await mergeInto(trx, source.id, target.id);
    await moveCopies(trx, source.id, target.id);
    if (source.status !== 'closed')
      await emitTicketEvent({ ...deps, db: trx }, 'ticket.closed', source.account_id, source.id);
    for (const ticket of [source, target])
      await recordAudit(trx, {
        action: 'staff.ticket_merged',
        accountId: source.account_id,
        actorUserId: actor.id,
        targetType: 'ticket',
        targetId: ticket.id,
        ip,
        metadata: { number: source.number, into: target.number },
      });
    const requesters = [...new Set([source.requester_email, target.requester_email])];
    const languageOf = await recipientLanguages(trx, requesters);
    const recipients = requesters.map((email) => ({ email, locale: languageOf(email) }));
    // The people in copy of either ticket (now all on the target) are told too, once each.
    for (const copy of await copyRecipients(trx, target.id))
      if (!recipients.some((r) => r.email === copy.email)) recipients.push(copy);
    for (const { email, locale } of recipients) {
      const t = deps.i18n.getFixedT(locale);
      await deps.mailer.enqueue(
        {
          accountId: source.account_id,
          category: 'support',
          template: 'ticket_merged',
          to: [email],
          subject: `[#${target.number}] ${target.subject}`,
          ticketId: target.id,
          replyTo: deps.config.supportEmail,
          text: t('mail.ticket_merged.body', {
            source: source.number,
            target: target.number,
            subject: target.subject,
            url: `${deps.config.baseUrl}/tickets/${target.number}`,
          }),
        },
        trx,
      );
    }
    return true;
  });
}
