import type { Db } from '../db/knex';

/**
 * Who an e-mail address is, account by account: a portal user (by their login e-mail) or a contact
 * on file. Inbound mail, the helpdesk's authorization check and new tickets ask here.
 */

export interface SenderMembership {
  account_id: number;
  user_id: number;
  first_name: string;
  last_name: string;
}

export interface SenderContact {
  id: number;
  account_id: number;
  authorization_status: 'authorized' | 'unverified' | 'rejected';
  first_name: string;
  last_name: string;
}

/** Accepted, unblocked memberships in customer accounts of the user with this login e-mail. */
export async function customerMembershipsOf(db: Db, email: string): Promise<SenderMembership[]> {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where({ 'u.email': email, 'a.kind': 'customer' })
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .select('m.account_id', 'u.id as user_id', 'u.first_name', 'u.last_name');
}

/** Contacts with this e-mail, in every account. */
export async function contactsWithEmail(db: Db, email: string): Promise<SenderContact[]> {
  return db('contacts').where({ email }).select('id', 'account_id', 'authorization_status', 'first_name', 'last_name');
}

/** The role of the active (accepted, unblocked) membership of this login e-mail in the account. */
export async function activeRoleIn(db: Db, accountId: number, email: string): Promise<string | null> {
  const membership = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': accountId, 'u.email': email })
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .first('m.role');
  return membership?.role ?? null;
}

/** The account's contact with this e-mail, if any. */
export async function contactIn(
  db: Db,
  accountId: number,
  email: string,
): Promise<
  { id: number; authorization_status: SenderContact['authorization_status']; validation_note: string } | undefined
> {
  return db('contacts').where({ account_id: accountId, email }).first('id', 'authorization_status', 'validation_note');
}

/** The contact record of a portal user in an account (every user of an account has one). */
export async function contactIdOfUser(db: Db, accountId: number, userId: number): Promise<number | null> {
  const contact = await db('contacts').where({ account_id: accountId, user_id: userId }).first('id');
  return contact?.id ?? null;
}
