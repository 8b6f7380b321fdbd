import { prepared, type Db } from '../db/knex';
import type { Locale } from '../i18n';
import { normaliseEmail } from './users';

/** Support contacts of the account: partners (their login e-mail) and plain addresses, once each. */
export async function supportContactEmails(db: Db, accountId: number): Promise<string[]> {
  const rows: { email: string }[] = await db('support_contacts as s')
    .leftJoin('users as u', 'u.id', 's.partner_user_id')
    .where('s.account_id', accountId)
    .select(db.raw('coalesce(u.email, s.email) AS email'));
  return [...new Set(rows.map((r) => r.email))];
}

/** The account a problem report is about, as its support contacts are told: name, realm and kind. */
export async function reportedAccount(
  db: Db,
  accountId: number,
): Promise<{ name: string; realm: string; kind: string } | undefined> {
  return db('accounts').where({ id: accountId }).first('name', 'realm', 'kind');
}

/** What e-mail about a ticket needs to know besides the ticket, read in one statement. */
export interface TicketMailContext {
  /** The owner's login e-mail (the principal user WHMCS copies on sub-users' tickets), or null. */
  owner: string | null;
  /** The language of each given address (and the owner's) that is someone's login, by that e-mail. */
  locales: Map<string, Locale>;
  /** The Message-ID of the newest e-mail about the ticket, to thread the next one on. */
  lastMessageId: string | null;
}

/**
 * The account's owner, the languages of `emails` and the owner (as localesByEmail reads them), and
 * the ticket's newest e-mail, in one round trip.
 */
export async function ticketMailContext(
  db: Db,
  accountId: number,
  ticketId: number,
  emails: string[],
): Promise<TicketMailContext> {
  const result = await prepared(
    db.raw<{
      rows: {
        owner_email: string | null;
        owner_locale: Locale | null;
        locales: Record<string, Locale>;
        last_message_id: string | null;
      }[];
    }>(
      `SELECT o.email AS owner_email, o.locale AS owner_locale,
              (SELECT coalesce(json_object_agg(u.email, u.locale), '{}'::json)
                 FROM users u WHERE u.email = ANY(CAST(:emails AS text[]))) AS locales,
              (SELECT x.message_id FROM mail_outbox x
                WHERE x.ticket_id = :ticket ORDER BY x.id DESC LIMIT 1) AS last_message_id
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (
           SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.account_id = :account AND m.role = 'owner' LIMIT 1) o ON true`,
      { account: accountId, ticket: ticketId, emails: [...new Set(emails.map(normaliseEmail))] },
    ),
  );
  const row = result.rows[0];
  const locales = new Map(Object.entries(row.locales));
  if (row.owner_email && row.owner_locale) locales.set(row.owner_email, row.owner_locale);
  return { owner: row.owner_email, locales, lastMessageId: row.last_message_id };
}
