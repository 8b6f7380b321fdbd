import { isEmailAddress } from '../../domain/email-address';
import { supportContactsMessage, supportContactsRefusal } from '../../domain/support-contacts';
import type { FieldErrors } from '../form';
import { text } from './wizard';

/**
 * Step «Contactos de soporte» (seed 002): partners of the parent found by name or e-mail, or typed
 * e-mail addresses; as many as the account's rule allows (src/domain/support-contacts.ts).
 */
const F = 'manager.support';

/** The address typed beside «Agregar», or the error «Contiene un correo electrónico no válido». */
export function parseSupportEmail(
  body: Record<string, unknown>,
): { ok: true; email: string } | { ok: false; value: string; errors: FieldErrors } {
  const value = text(body, 'support_email').trim();
  const email = value.toLowerCase();
  if (!isEmailAddress(email))
    return { ok: false, value, errors: { support_email: `errors.${F}.support_email.invalid` } };
  return { ok: true, email };
}

/** Leaving the step: someone must receive the problem reports, and no more than the rule allows. */
export function checkSupportContacts(contacts: { partners: number[]; emails: string[] }): FieldErrors {
  const refusal = supportContactsRefusal(contacts.partners.length + contacts.emails.length);
  return refusal ? { contacts: supportContactsMessage(refusal) } : {};
}

/** What the ✕ of a contact names: `partner:<id>` or `email:<address>`. */
export function parseRemoval(value: unknown): { partner: number } | { email: string } | null {
  if (typeof value !== 'string') return null;
  if (value.startsWith('partner:')) {
    const id = Number(value.slice(8));
    return Number.isSafeInteger(id) && id > 0 ? { partner: id } : null;
  }
  if (value.startsWith('email:')) return { email: value.slice(6) };
  return null;
}
