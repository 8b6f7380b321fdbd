import { prepared, type Db } from '../db/knex';
import type { Role } from '../domain/permissions';

/**
 * Who an e-mail address is, account by account: a portal user (by their login e-mail) or a contact
 * on file. Inbound mail, the helpdesk's authorization check and new tickets ask here.
 */

type ContactStatus = 'authorized' | 'unverified' | 'rejected';

/** The account's contact with this e-mail, if any. */
export async function contactIn(
  db: Db,
  accountId: number,
  email: string,
): Promise<{ id: number; authorization_status: ContactStatus; validation_note: string } | undefined> {
  return db('contacts').where({ account_id: accountId, email }).first('id', 'authorization_status', 'validation_note');
}

/** The contact record of a portal user in an account (every user of an account has one). */
export async function contactIdOfUser(db: Db, accountId: number, userId: number): Promise<number | null> {
  const contact = await db('contacts').where({ account_id: accountId, user_id: userId }).first('id');
  return contact?.id ?? null;
}

/** What an address is in one customer account: a portal user there (any state), a contact, or both. */
export interface SenderStandingRow {
  account_id: number;
  enabled_sections: string[];
  membership_id: number | null;
  user_id: number | null;
  role: Role | null;
  permissions: string[] | null;
  account_scope: 'all' | 'assigned' | null;
  blocked: boolean | null;
  contact_id: number | null;
  contact_status: ContactStatus | null;
  /** The account's status, or its reseller's when the address is a partner there and it is not active. */
  account_status: 'active' | 'suspended' | 'closed';
  first_name: string;
  last_name: string;
}

/**
 * Every customer account where the address is a portal user's login (invited, active or blocked)
 * or a contact's e-mail, with both records and the account's status (a partner of a reseller that
 * is suspended or closed takes its status): the ticket rules decide from these (policies/ticket-senders).
 */
export async function standingsOf(db: Db, email: string): Promise<SenderStandingRow[]> {
  const result = await prepared(
    db.raw<{ rows: SenderStandingRow[] }>(
      `WITH m AS (
       SELECT m.id AS membership_id, m.account_id, u.id AS user_id, m.role, m.permissions, m.account_scope,
              m.blocked_at IS NOT NULL AS blocked, u.first_name, u.last_name
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE u.email = :email),
     c AS (
       SELECT id AS contact_id, account_id, authorization_status AS contact_status, first_name, last_name
         FROM contacts WHERE email = :email)
     SELECT a.id AS account_id, a.enabled_sections, m.membership_id, m.user_id, m.role, m.permissions,
            m.account_scope, m.blocked, c.contact_id, c.contact_status,
            CASE WHEN a.status <> 'active' THEN a.status
                 ELSE COALESCE((SELECT p.status FROM accounts p
                                  JOIN memberships pm ON pm.account_id = p.id
                                  JOIN users pu ON pu.id = pm.user_id
                                 WHERE p.id = a.parent_id AND p.kind = 'reseller' AND p.status <> 'active'
                                   AND pu.email = :email
                                 LIMIT 1), 'active') END AS account_status,
            COALESCE(m.first_name, c.first_name) AS first_name, COALESCE(m.last_name, c.last_name) AS last_name
       FROM accounts a
       LEFT JOIN m ON m.account_id = a.id
       LEFT JOIN c ON c.account_id = a.id
      WHERE a.kind = 'customer' AND (m.membership_id IS NOT NULL OR c.contact_id IS NOT NULL)
      ORDER BY a.id`,
      { email },
    ),
  );
  return result.rows;
}
