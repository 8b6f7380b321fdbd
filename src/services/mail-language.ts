import type { Db } from '../db/knex';
import { DEFAULT_LOCALE, type Locale } from '../i18n';
import { localesByEmail } from '../models/users';

/**
 * Every e-mail is written in its recipient's language (issue 12): a login's own choice (Mi perfil, the
 * language link), else Spanish for an address that is nobody's login (a contact, a plain support address).
 * Never the language of the page it was sent from.
 */
export async function recipientLanguages(db: Db, emails: string[]): Promise<(email: string) => Locale> {
  const known = await localesByEmail(db, emails);
  return (email) => known.get(email.trim().toLowerCase()) ?? DEFAULT_LOCALE;
}
