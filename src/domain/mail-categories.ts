/** What an e-mail is about: the contact categories that decide who receives it. */
export type MailCategory = 'account' | 'general' | 'invoice' | 'support' | 'product' | 'domain' | 'affiliate';
