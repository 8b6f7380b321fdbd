/**
 * The categories of e-mail a contact chooses to receive (contacts.email_types: «Generales», «Facturas»…),
 * each of which decides who receives some mail (docs/product.md): general (notices about the account),
 * invoice, support (copies of the owner's tickets), product and domain (the billing feed's services).
 * «Afiliados» is gone: nothing ever sent it.
 */
export const CONTACT_CATEGORIES = ['general', 'invoice', 'support', 'product', 'domain'] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

/** What an e-mail is about: the contact categories that decide who receives it. */
export type MailCategory = 'account' | ContactCategory;

/**
 * The categories of a stored contact that mean something: a value nothing sends any more (affiliate)
 * is ignored when read, and dropped the next time the contact is saved.
 */
export function contactCategories(stored: readonly string[]): string[] {
  return stored.filter((c) => (CONTACT_CATEGORIES as readonly string[]).includes(c));
}
