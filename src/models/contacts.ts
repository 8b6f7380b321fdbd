import type { Db } from '../db/knex';
import type { SqlPart } from '../db/sql-part';
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

/** The account's contacts, each with its membership in the account when it has one. */
function contactsOf(db: Db, accountId: number) {
  return db('contacts as c')
    .leftJoin('memberships as m', function join() {
      this.on('m.account_id', '=', 'c.account_id').andOn('m.user_id', '=', 'c.user_id');
    })
    .where('c.account_id', accountId);
}

function withMembership(db: Db, accountId: number) {
  return contactsOf(db, accountId).select(
    'c.*',
    'm.id as membership_id',
    'm.role',
    'm.permissions',
    'm.accepted_at',
    'm.blocked_at',
  );
}

/** What the list of contacts shows of each. */
export type ContactListRow = Pick<
  ContactRow,
  | 'id'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'email_types'
  | 'authorization_status'
  | 'membership_id'
  | 'role'
  | 'accepted_at'
  | 'blocked_at'
>;

/**
 * A page of the account's contacts by name, on the index (account_id, last_name, first_name, id):
 * any page costs the same, however deep in the list. Its columns are named, so it runs prepared.
 */
export async function contactsPage(db: Db, accountId: number, cursor: Cursor): Promise<Page<ContactListRow>> {
  const query = contactsOf(db, accountId).select(
    'c.id',
    'c.first_name',
    'c.last_name',
    'c.email',
    'c.email_types',
    'c.authorization_status',
    'm.id as membership_id',
    'm.role',
    'm.accepted_at',
    'm.blocked_at',
  );
  return keysetPage<ContactListRow>(query, {
    columns: ['c.last_name', 'c.first_name', 'c.id'],
    direction: 'asc',
    anchor: (id) =>
      db('contacts as c')
        .where({ 'c.id': id, 'c.account_id': accountId })
        .select('c.last_name', 'c.first_name', 'c.id'),
    cursor,
    prepared: true,
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
 * The account's contacts who chose to receive a category of e-mail, as the FROM and WHERE of a
 * statement: each row has the contact's `c.email` and the language of the login that uses the
 * address as `u.locale` (null when it is nobody's login). Through the category's partial index: a
 * big account's other contacts are never read.
 */
export function recipientsPart(
  accountId: number,
  category: ContactCategory,
): { from: string; where: string; bindings: SqlPart['bindings'] } {
  return {
    from: 'contacts c LEFT JOIN users u ON u.email = lower(trim(c.email))',
    where: `c.account_id = :recipientsAccount AND ${categoryTest(category)}`,
    bindings: { recipientsAccount: accountId },
  };
}

/** Addresses of the account's contacts who chose to receive a category of e-mail, each with the language of their login, in one statement. */
export async function recipientsWithLocales(
  db: Db,
  accountId: number,
  category: ContactCategory,
): Promise<{ email: string; locale: Locale | null }[]> {
  const part = recipientsPart(accountId, category);
  const result = await db.raw<{ rows: { email: string; locale: Locale | null }[] }>(
    `SELECT c.email, u.locale FROM ${part.from} WHERE ${part.where} ORDER BY c.id`,
    part.bindings,
  );
  return result.rows;
}

/**
 * The account's contact that stands for this user (a sub-account) becomes authorized: accepting
 * the invitation proves the person controls the address.
 */
export async function authorizeUserContact(db: Db, accountId: number, userId: number): Promise<void> {
  await db('contacts').where({ account_id: accountId, user_id: userId }).update({ authorization_status: 'authorized' });
}
