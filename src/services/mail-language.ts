import type { Db } from '../db/knex';
import type { ContactCategory } from '../domain/mail-categories';
import type { i18n, TFunction } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, translators, type Locale } from '../i18n';
import type { OutgoingNotice } from '../mail/outbox';
import { recipientsWithLocales } from '../models/contacts';
import { localesByEmail } from '../models/users';

/**
 * Every e-mail is written in its recipient's language (issue 12): a login's own choice (Mi perfil, the
 * language link), else Spanish for an address that is nobody's login (a contact, a plain support address).
 * Never the language of the page it was sent from.
 */
export async function recipientLanguages(db: Db, emails: string[]): Promise<(email: string) => Locale> {
  return languagesFrom(await localesByEmail(db, emails));
}

/** The same rule on languages already read (by login e-mail, lower case): Spanish for anyone else. */
export function languagesFrom(known: Map<string, Locale>): (email: string) => Locale {
  return (email) => known.get(email.trim().toLowerCase()) ?? DEFAULT_LOCALE;
}

/** The account's contacts who receive this category of mail, each with the language to write to them in. */
export async function recipientsIn(
  db: Db,
  accountId: number,
  category: ContactCategory,
): Promise<{ email: string; locale: Locale }[]> {
  const rows = await recipientsWithLocales(db, accountId, category);
  return rows.map((r) => ({ email: r.email, locale: r.locale ?? DEFAULT_LOCALE }));
}

/**
 * A notice to contacts written in every language (`write` is called once per language with its
 * translator), so that the statement that queues it gives each recipient theirs.
 */
export function inEveryLanguage(
  i18next: i18n,
  write: (t: TFunction, locale: Locale) => { subject: string; text: string },
): OutgoingNotice['texts'] {
  const t = translators(i18next);
  return Object.fromEntries(LOCALES.map((locale) => [locale, write(t[locale], locale)])) as OutgoingNotice['texts'];
}
