/** The categories of e-mail a contact chooses to receive (contacts.email_types: «Generales», «Facturas»…). */
export const CONTACT_CATEGORIES = ['general', 'invoice', 'support', 'product', 'domain', 'affiliate'] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

/** What an e-mail is about: the contact categories that decide who receives it. */
export type MailCategory = 'account' | ContactCategory;
