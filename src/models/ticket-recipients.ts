import type { Db } from '../db/knex';

/** The owner's login e-mail of an account (the principal user WHMCS copies on sub-users' tickets). */
export async function ownerEmail(db: Db, accountId: number): Promise<string | null> {
  const owner = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': accountId, 'm.role': 'owner' })
    .first('u.email');
  return owner?.email ?? null;
}

/** The Message-ID of the newest e-mail about a ticket, to thread the next one on. */
export async function lastTicketMessageId(db: Db, ticketId: number): Promise<string | null> {
  const previous = await db('mail_outbox').where({ ticket_id: ticketId }).orderBy('id', 'desc').first('message_id');
  return previous?.message_id ?? null;
}

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
