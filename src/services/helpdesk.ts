import type { AppDeps } from '../app-deps';
import { isEmailAddress } from '../domain/email-address';
import type { FieldErrors } from '../forms/form';
import {
  addUnverifiedContact,
  customerAccountByRealmOrNumber,
  markContactAuthorized,
  rejectUnverifiedContacts,
  type StaffContact,
} from '../models/helpdesk';
import { heldIdsFrom, markRejected, type InboundRow } from '../models/inbound-messages';
import { recordAudit } from './audit';
import { recipientLanguages } from './mail-language';
import { releaseHeld } from './inbound-filing';
import type { Actor } from './tickets';

/**
 * The helpdesk's decisions about who may ask (seed 001: staff check that a contact is authorized
 * before acting on a request). Each one owns its transaction, its audit event and its e-mail.
 */

/**
 * An unknown sender says which account they belong to (by realm or account number): they become an
 * unverified contact there, for staff to validate next. Nothing is trusted yet.
 */
export async function linkSender(
  deps: AppDeps,
  actor: Actor,
  held: InboundRow,
  term: string,
  ip?: string,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const accountId = await customerAccountByRealmOrNumber(deps.db, term.toLowerCase());
  if (accountId === null) return { ok: false, errors: { account: 'errors.staff.account.unknown' } };
  const [first, ...rest] = (held.from_name || held.from_email.split('@')[0]).split(/\s+/);
  await deps.db.transaction(async (trx) => {
    const t = deps.i18n.getFixedT((await recipientLanguages(trx, [held.from_email]))(held.from_email));
    await addUnverifiedContact(trx, {
      accountId,
      email: held.from_email,
      firstName: first || held.from_email,
      lastName: rest.join(' ') || t('mail.inbound.no_last_name'),
    });
    await recordAudit(trx, {
      action: 'staff.request_linked',
      accountId,
      actorUserId: actor.id,
      targetType: 'inbound_message',
      targetId: held.id,
      ip,
    });
  });
  return { ok: true };
}

/**
 * Rejects a held request: the sender is told that an authorized person must ask (or add them), and
 * an unverified contact with their address is rejected, so their later mail stays held. The sender
 * is written to in their language (Spanish unless the address is a login), and only when their
 * domain vouched for the message: a forged From would otherwise have us mail its victim
 * (backscatter). Null when the request was no longer held: nothing is done twice.
 */
export async function rejectRequest(
  deps: AppDeps,
  actor: Actor,
  held: InboundRow,
  note: string,
  options: { ip?: string },
): Promise<{ told: boolean } | null> {
  return deps.db.transaction(async (trx) => {
    // Rejected once (a second submit, another agent): the sender is not written to twice.
    if (!(await markRejected(trx, held.id, actor.id))) return null;
    await rejectUnverifiedContacts(trx, held.from_email, actor.id, note);
    // Rejecting never depends on being able to write back (an address like weird@localhost).
    const told = senderMayBeTold(held);
    if (told) {
      const t = deps.i18n.getFixedT((await recipientLanguages(trx, [held.from_email]))(held.from_email));
      await deps.mailer.enqueue(
        {
          accountId: held.account_id,
          category: 'support',
          template: 'request_rejected',
          to: [held.from_email],
          inReplyTo: held.message_id,
          replyTo: deps.config.supportEmail,
          subject: t('mail.request_rejected.subject', { subject: held.subject || t('mail.inbound.no_subject') }),
          text: t('mail.request_rejected.body', { subject: held.subject || t('mail.inbound.no_subject') }),
        },
        trx,
      );
    }
    await recordAudit(trx, {
      action: 'staff.request_rejected',
      accountId: held.account_id,
      actorUserId: actor.id,
      targetType: 'inbound_message',
      targetId: held.id,
      ip: options.ip,
      metadata: { email: held.from_email, note, told },
    });
    return { told };
  });
}

/** Whether rejecting a held request writes to its sender: a real address whose domain vouched for the message. */
export function senderMayBeTold(held: Pick<InboundRow, 'from_email' | 'sender_verified'>): boolean {
  return held.sender_verified === true && isEmailAddress(held.from_email);
}

/**
 * Validates a contact: who validated, when and how are kept, and the requests held from their
 * address are filed as the tickets or replies they would have been. Returns the tickets filed.
 */
export async function validateContact(
  deps: AppDeps,
  actor: Actor,
  contact: StaffContact,
  note: string,
  ip?: string,
): Promise<string[]> {
  return deps.db.transaction(async (trx) => {
    await markContactAuthorized(trx, contact.id, actor.id, note);
    await recordAudit(trx, {
      action: 'staff.contact_validated',
      accountId: contact.account_id,
      actorUserId: actor.id,
      targetType: 'contact',
      targetId: contact.id,
      ip,
      metadata: { note },
    });
    const numbers: string[] = [];
    for (const heldId of await heldIdsFrom(trx, contact.email)) {
      const filed = await releaseHeld({ ...deps, db: trx }, heldId, actor.id);
      if (filed) numbers.push(filed.ticketNumber);
    }
    return numbers;
  });
}

/**
 * Files a request held because its sender's domain did not vouch for it («Remitente no verificado»),
 * once the helpdesk has confirmed it with the person by other means: by the same ticket rules as
 * any mail, which may still refuse it (null). Requests held for another reason are not filed here.
 */
export async function fileUnverifiedRequest(
  deps: AppDeps,
  actor: Actor,
  held: InboundRow,
  ip?: string,
): Promise<{ ticketNumber: string } | null> {
  if (held.hold_reason !== 'sender_not_verified') return null;
  return deps.db.transaction(async (trx) => {
    const filed = await releaseHeld({ ...deps, db: trx }, held.id, actor.id);
    if (!filed) return null;
    await recordAudit(trx, {
      action: 'staff.request_filed',
      accountId: held.account_id,
      actorUserId: actor.id,
      targetType: 'inbound_message',
      targetId: held.id,
      ip,
      metadata: { ticket: filed.ticketNumber },
    });
    return filed;
  });
}
