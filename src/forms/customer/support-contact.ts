import { isEmailAddress } from '../../domain/email-address';
import type { FormResult } from '../form';

/** What «Agregar» posts: a partner the search listed, or an address typed into the search box. */
export type SupportContactInput = { partnerUserId: number } | { email: string };

/** POST /account/support-contacts: `partner_user_id`, or else `email`. */
export function parseSupportContact(body: unknown): FormResult<SupportContactInput> {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (fields.partner_user_id !== undefined) {
    const id = Number(fields.partner_user_id);
    // Not an id at all: no partner has it, so it is "not found" like another reseller's partner.
    return { ok: true, data: { partnerUserId: Number.isSafeInteger(id) && id > 0 ? id : 0 } };
  }
  const email = typeof fields.email === 'string' ? fields.email.trim().toLowerCase() : '';
  if (!isEmailAddress(email))
    return { ok: false, values: { email }, errors: { email: 'errors.support_contacts.email.invalid' } };
  return { ok: true, data: { email } };
}

export interface SupportSearch {
  q: string;
  /** Long enough to look partners up by name or e-mail. */
  partnerQuery: boolean;
  /** A complete address the user may add as it is. */
  typedEmail: string | null;
  /** Something with an @ that is not an address («Contiene un correo electrónico no válido»). */
  invalidEmail: boolean;
}

/** GET /account?q=: the search box of the support contacts. */
export function parseSupportSearch(query: Record<string, unknown>): SupportSearch {
  const q = typeof query.q === 'string' ? query.q.trim().slice(0, 254) : '';
  const looksLikeEmail = q.includes('@');
  return {
    q,
    partnerQuery: q.length >= 2,
    typedEmail: looksLikeEmail && isEmailAddress(q) ? q.toLowerCase() : null,
    invalidEmail: looksLikeEmail && !isEmailAddress(q),
  };
}

/**
 * The search an «Agregar» was pressed in (its hidden `q`, else the address it adds): shown again
 * when the account's rule refuses the change.
 */
export function searchOfPost(body: unknown): SupportSearch {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return parseSupportSearch({ q: typeof fields.q === 'string' ? fields.q : fields.email });
}
