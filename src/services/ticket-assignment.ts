import type { AppDeps } from '../app-deps';
import type { HelpdeskAgent } from '../models/helpdesk';
import { updateAssignee, type TicketRef } from '../models/tickets';
import { recordAudit } from './audit';
import { recipientLanguages } from './mail-language';
import type { Actor } from './tickets';

/**
 * Gives the ticket to a helpdesk agent (or to nobody): one change, in the ticket's history and the
 * activity log. The new assignee is e-mailed unless they took it themselves; the mail is internal
 * (no account, so it is not in the customer's «Correos enviados»). Returns whether anything changed.
 */
export async function assignTicket(
  deps: AppDeps,
  actor: Actor,
  ticket: TicketRef,
  assignee: HelpdeskAgent | null,
  ip?: string,
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const before = await updateAssignee(trx, ticket.id, assignee?.id ?? null);
    if (!before || before.assigned_user_id === (assignee?.id ?? null)) return false;
    await recordAudit(trx, {
      action: 'staff.ticket_assigned',
      accountId: ticket.account_id,
      actorUserId: actor.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: {
        number: ticket.number,
        from: before.assigned_user_id,
        to: assignee?.id ?? null,
        assignee: assignee?.name ?? null,
      },
    });
    if (assignee && assignee.id !== actor.id) {
      const t = deps.i18n.getFixedT((await recipientLanguages(trx, [assignee.email]))(assignee.email));
      await deps.mailer.enqueue(
        {
          accountId: null,
          category: 'support',
          template: 'ticket_assigned',
          to: [assignee.email],
          subject: `[#${ticket.number}] ${ticket.subject}`,
          text: t('mail.ticket_assigned.body', {
            name: assignee.name,
            actor: `${actor.firstName} ${actor.lastName}`.trim(),
            number: ticket.number,
            subject: ticket.subject,
            url: `${deps.config.baseUrl}/staff/tickets/${ticket.number}`,
          }),
        },
        trx,
      );
    }
    return true;
  });
}
