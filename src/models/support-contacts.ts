import type { Db } from '../db/knex';
import { parentOf, partnersOf, searchPartnersOf, type Partner } from './partners';

export interface SupportContact {
  id: number;
  partner_user_id: number | null;
  email: string;
  name: string | null;
}

/** The account whose support contacts are shown, with what seed 002's rule needs to know. */
export interface SupportContactsAccount {
  id: number;
  /** Whether a partner (a user of a reseller) created the account. */
  createdByPartner: boolean;
}

function listOf(db: Db, accountId: number) {
  return db('support_contacts as s')
    .leftJoin('users as u', 'u.id', 's.partner_user_id')
    .where('s.account_id', accountId)
    .select(
      's.id',
      's.partner_user_id',
      db.raw('coalesce(u.email, s.email) AS email'),
      db.raw("CASE WHEN u.id IS NULL THEN NULL ELSE u.first_name || ' ' || u.last_name END AS name"),
    );
}

export async function supportContactsOf(db: Db, accountId: number): Promise<SupportContact[]> {
  return listOf(db, accountId).orderBy('s.id');
}

/** One support contact of this account; another account's id is simply not found. */
export async function findSupportContact(db: Db, accountId: number, id: number): Promise<SupportContact | undefined> {
  return listOf(db, accountId).where('s.id', id).first() as Promise<SupportContact | undefined>;
}

/** Partners whose name or e-mail matches, not yet support contacts: the first 20, for the search form. */
export async function searchPartners(db: Db, accountId: number, q: string): Promise<Partner[]> {
  const chosen = db('support_contacts')
    .select('partner_user_id')
    .where({ account_id: accountId })
    .whereNotNull('partner_user_id');
  return searchPartnersOf(db, parentOf(db, accountId), q, chosen);
}

/** Exactly one partner of the account (what «Agregar» posts), by user id, or undefined. */
export async function findPartner(db: Db, accountId: number, userId: number): Promise<Partner | undefined> {
  const [partner] = await partnersOf(db, parentOf(db, accountId), [userId]);
  return partner;
}

/** Seed 002: an account's administrators may edit support contacts only when a partner created the account. */
export async function supportContactsAccount(db: Db, accountId: number): Promise<SupportContactsAccount> {
  const row = await db('accounts as a')
    .join('memberships as m', 'm.user_id', 'a.created_by_user_id')
    .join('accounts as r', 'r.id', 'm.account_id')
    .where({ 'a.id': accountId, 'r.kind': 'reseller' })
    .first('a.id');
  return { id: accountId, createdByPartner: Boolean(row) };
}

/**
 * Locks the account's row for the rest of the transaction, so two changes to its support contacts
 * are counted one after the other (the limit of src/domain/support-contacts.ts). NO KEY UPDATE: the
 * foreign keys that point at the account are not held up.
 */
export async function lockSupportContacts(db: Db, accountId: number): Promise<void> {
  await db('accounts').where({ id: accountId }).forNoKeyUpdate().first('id');
}

/** Adds a partner or a plain address; adding one already there changes nothing. */
export async function insertSupportContact(
  db: Db,
  accountId: number,
  target: { partnerUserId: number } | { email: string },
): Promise<void> {
  if ('partnerUserId' in target)
    await db('support_contacts')
      .insert({ account_id: accountId, partner_user_id: target.partnerUserId })
      .onConflict(['account_id', 'partner_user_id'])
      .ignore();
  else
    await db('support_contacts')
      .insert({ account_id: accountId, email: target.email })
      .onConflict(['account_id', 'email'])
      .ignore();
}

export async function deleteSupportContact(db: Db, accountId: number, id: number): Promise<void> {
  await db('support_contacts').where({ id, account_id: accountId }).delete();
}
