import type { AppDeps } from '../app-deps';
import type { FieldErrors } from '../forms/form';
import { copyCandidate, countCopies, deleteCopy, insertCopy, isCopied, type TicketCopy } from '../models/ticket-copies';
import type { TicketRef } from '../models/tickets';
import { recordAudit } from './audit';
import type { Actor } from './tickets';

/** How many people one ticket may have in copy. */
export const MAX_TICKET_COPIES = 20;

export type CopyResult = { ok: true; name: string; email: string } | { ok: false; errors: FieldErrors };

const refused = (rule: string): CopyResult => ({ ok: false, errors: { email: `errors.ticket_copy.email.${rule}` } });

/**
 * «Añadir en copia»: a contact of the ticket's account, named by their e-mail, receives the
 * ticket's mail from now on (services/ticket-mail.ts). An address that is no contact of that account
 * is refused in the same words whether it is someone else's or nobody's. Inside the caller's
 * transaction when `deps.db` is one.
 */
export async function addTicketCopy(
  deps: AppDeps,
  actor: Actor,
  ticket: TicketRef,
  email: string,
  ip?: string,
): Promise<CopyResult> {
  if (email === ticket.requester_email.toLowerCase()) return refused('requester');
  return deps.db.transaction(async (trx) => {
    const contact = await copyCandidate(trx, ticket.account_id, email);
    if (!contact) return refused('not_contact');
    if (await isCopied(trx, ticket.id, contact.id)) return refused('already');
    if ((await countCopies(trx, ticket.id)) >= MAX_TICKET_COPIES)
      return {
        ok: false,
        errors: { email: { key: 'errors.ticket_copy.email.too_many', params: { max: String(MAX_TICKET_COPIES) } } },
      };
    await insertCopy(trx, { ticketId: ticket.id, contactId: contact.id, addedByUserId: actor.id });
    const name = `${contact.first_name} ${contact.last_name}`.trim();
    await recordAudit(trx, {
      action: 'ticket.copy_added',
      accountId: ticket.account_id,
      actorUserId: actor.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: { number: ticket.number, contact_id: contact.id, name, email: contact.email },
    });
    return { ok: true, name, email: contact.email };
  });
}

/** «Quitar»: the contact receives nothing more about the ticket; removing it twice records it once. */
export async function removeTicketCopy(
  deps: AppDeps,
  actor: Actor,
  ticket: TicketRef,
  copy: TicketCopy,
  ip?: string,
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    if (!(await deleteCopy(trx, ticket.id, copy.contact_id))) return false;
    await recordAudit(trx, {
      action: 'ticket.copy_removed',
      accountId: ticket.account_id,
      actorUserId: actor.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: {
        number: ticket.number,
        contact_id: copy.contact_id,
        name: `${copy.first_name} ${copy.last_name}`.trim(),
        email: copy.email,
      },
    });
    return true;
  });
}
