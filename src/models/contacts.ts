import type { Db } from '../db/knex';
import { CONTACT_CATEGORIES, type ContactCategory } from '../domain/mail-categories';
import type { Role } from '../domain/permissions';
import type { Locale } from '../i18n';
import { keysetPage, type Cursor, type Page } from './pagination';

export interface ContactRow {
  id: number;
  account_id: number;
  user_id: number | null;
  first_name: string;
  last_name: string;
  company: string;
  email: string;
  phone: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postcode: string;
  country: string | null;
  email_types: string[];
  authorization_status: 'authorized' | 'unverified' | 'rejected';
  /** The portal membership in this account, when the contact is a user here. */
  membership_id: number | null;
  role: Role | null;
  permissions: string[] | null;
  accepted_at: Date | null;
  blocked_at: Date | null;
}

/** What the contact form writes. */
export interface ContactValues {
  first_name: string;
  last_name: string;
  company: string;
  email: string;
  phone: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email_types: string[];
}

function withMembership(db: Db, accountId: number) {
  return db('contacts as c')
    .leftJoin('memberships as m', function join() {
      this.on('m.account_id', '=', 'c.account_id').andOn('m.user_id', '=', 'c.user_id');
    })
    .where('c.account_id', accountId)
    .select('c.*', 'm.id as membership_id', 'm.role', 'm.permissions', 'm.accepted_at', 'm.blocked_at');
}

/**
 * A page of the account's contacts by name, on the index (account_id, last_name, first_name, id):
 * any page costs the same, however deep in the list.
 */
export async function contactsPage(db: Db, accountId: number, cursor: Cursor): Promise<Page<ContactRow>> {
  return keysetPage<ContactRow>(withMembership(db, accountId), {
    columns: ['c.last_name', 'c.first_name', 'c.id'],
    direction: 'asc',
    anchor: (id) =>
      db('contacts as c')
        .where({ 'c.id': id, 'c.account_id': accountId })
        .select('c.last_name', 'c.first_name', 'c.id'),
    cursor,
  });
}

/** One contact of this account; another account's id is simply not found. */
export async function findContact(db: Db, accountId: number, id: number): Promise<ContactRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return withMembership(db, accountId).where('c.id', id).first() as Promise<ContactRow | undefined>;
}

/** Whether another contact of the account already has this e-mail (one contact per address). */
export async function contactEmailTaken(db: Db, accountId: number, email: string, exceptId?: number): Promise<boolean> {
  const row = await db('contacts')
    .where({ account_id: accountId, email })
    .whereNot({ id: exceptId ?? 0 })
    .first('id');
  return row !== undefined;
}

export async function insertContact(
  db: Db,
  accountId: number,
  values: ContactValues,
  authorization: ContactRow['authorization_status'],
): Promise<number> {
  const [row] = await db('contacts')
    .insert({ ...values, account_id: accountId, authorization_status: authorization })
    .returning('id');
  return (row as { id: number }).id;
}

/** Saves the form's values; `authorization` changes the status too (a new address not yet vouched for). */
export async function updateContactRow(
  db: Db,
  accountId: number,
  id: number,
  values: ContactValues,
  authorization?: ContactRow['authorization_status'],
): Promise<void> {
  await db('contacts')
    .where({ id, account_id: accountId })
    .update({ ...values, ...(authorization ? { authorization_status: authorization } : {}), updated_at: db.fn.now() });
}

/** Links the contact to a login (a sub-account), or unlinks it (null). */
export async function linkContactUser(db: Db, id: number, userId: number | null): Promise<void> {
  await db('contacts').where({ id }).update({ user_id: userId, updated_at: db.fn.now() });
}

export async function deleteContactRow(db: Db, accountId: number, id: number): Promise<void> {
  await db('contacts').where({ id, account_id: accountId }).delete();
}

/**
 * The test of a category, with the category as a literal: each category but «general» has a partial
 * index with this very predicate (migration 20261207130101), which PostgreSQL uses only where it can
 * prove the query implies it — always for a constant, never for a parameter in a prepared statement's
 * generic plan. Taken from the fixed list, never from input.
 */
function categoryTest(category: ContactCategory): string {
  if (!CONTACT_CATEGORIES.includes(category)) throw new Error(`not a contact category: ${String(category)}`);
  return `'${category}' = ANY (c.email_types)`;
}

/**
 * Addresses of the account's contacts who chose to receive a category of e-mail, each with the
 * language of the login that uses the address (null when it is nobody's login), in one statement,
 * through the category's partial index (a big account's other contacts are never read).
 */
export async function recipientsWithLocales(
  db: Db,
  accountId: number,
  category: ContactCategory,
): Promise<{ email: string; locale: Locale | null }[]> {
  return db('contacts as c')
    .leftJoin('users as u', 'u.email', db.raw('lower(trim(c.email))'))
    .where('c.account_id', accountId)
    .whereRaw(categoryTest(category))
    .orderBy('c.id')
    .select('c.email', 'u.locale');
}

/**
 * The account's contact that stands for this user (a sub-account) becomes authorized: accepting
 * the invitation proves the person controls the address.
 */
export async function authorizeUserContact(db: Db, accountId: number, userId: number): Promise<void> {
  await db('contacts').where({ account_id: accountId, user_id: userId }).update({ authorization_status: 'authorized' });
}
