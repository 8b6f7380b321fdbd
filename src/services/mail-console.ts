import type { AppDeps } from '../app-deps';
import type { CurrentUser } from '../current-user';
import type { OutboxRow } from '../models/mail-outbox';
import { recordAudit } from './audit';

/**
 * «Reenviar» on the staff console: a failed or long-delayed message is tried again now, with a new
 * window of retries. False when it was sent meanwhile (or is being sent).
 */
export async function resendMail(
  deps: AppDeps,
  current: CurrentUser,
  message: Pick<OutboxRow, 'id' | 'account_id' | 'template'>,
  ip: string | undefined,
): Promise<boolean> {
  if (!(await deps.mailer.requeue(message.id))) return false;
  await recordAudit(deps.db, {
    action: 'staff.mail_resent',
    actorUserId: current.id,
    accountId: message.account_id,
    targetType: 'mail',
    targetId: message.id,
    ip,
    metadata: { template: message.template },
  });
  return true;
}
