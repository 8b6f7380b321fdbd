/** What an e-mail is about: the contact categories that decide who receives it. */
export type MailCategory = 'account' | 'general' | 'invoice' | 'support' | 'product' | 'domain';

/**
 * The categories a contact may choose, each of which decides who receives some mail (docs/product.md):
 * general (notices about the account), invoice, support (copies of the owner's tickets), product and
 * domain (the billing feed's services). «Afiliados» is gone: nothing ever sent it.
 */
export const CONTACT_MAIL_CATEGORIES = ['general', 'invoice', 'support', 'product', 'domain'] as const;

/**
 * The categories of a stored contact that mean something: a value nothing sends any more (affiliate)
 * is ignored when read, and dropped the next time the contact is saved.
 */
export function contactCategories(stored: readonly string[]): string[] {
  return stored.filter((c) => (CONTACT_MAIL_CATEGORIES as readonly string[]).includes(c));
}
