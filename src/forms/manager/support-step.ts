import { isEmailAddress } from '../../domain/email-address';
import type { FieldErrors } from '../form';
import { text } from './wizard';

/**
 * Step «Contactos de soporte» (seed 002): partners of the parent found by name or e-mail, or typed
 * e-mail addresses; at least one.
 */
export const MAX_SUPPORT_CONTACTS = 20;
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

/** Leaving the step: someone must receive the problem reports. */
export function checkSupportContacts(contacts: { partners: number[]; emails: string[] }): FieldErrors {
  const n = contacts.partners.length + contacts.emails.length;
  if (n === 0) return { contacts: `errors.${F}.contacts.required` };
  if (n > MAX_SUPPORT_CONTACTS) return { contacts: `errors.${F}.contacts.too_many` };
  return {};
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
