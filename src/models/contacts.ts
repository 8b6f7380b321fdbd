import type { Db } from '../db/knex';
import type { Role } from '../permissions';

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

export const CONTACTS_PER_PAGE = 25;

function withMembership(db: Db, accountId: number) {
  return db('contacts as c')
    .leftJoin('memberships as m', function join() {
      this.on('m.account_id', '=', 'c.account_id').andOn('m.user_id', '=', 'c.user_id');
    })
    .where('c.account_id', accountId)
    .select('c.*', 'm.id as membership_id', 'm.role', 'm.permissions', 'm.accepted_at', 'm.blocked_at');
}

export interface ContactsPage {
  rows: ContactRow[];
  /** Cursors for the neighbouring pages (a contact id), or null at either end. */
  previous: number | null;
  next: number | null;
}

/**
 * A page of the account's contacts by name. Keyset pagination on the index
 * (account_id, last_name, first_name, id): any page costs the same, however deep in the list.
 * `after` / `before` name the contact that ends the previous page / starts the next one.
 */
export async function contactsPage(
  db: Db,
  accountId: number,
  cursor: { after?: number; before?: number },
): Promise<ContactsPage> {
  const backwards = cursor.before !== undefined;
  const anchorId = backwards ? cursor.before : cursor.after;
  const query = withMembership(db, accountId).limit(CONTACTS_PER_PAGE + 1);
  if (anchorId !== undefined) {
    const anchor = db('contacts')
      .where({ id: anchorId, account_id: accountId })
      .select('last_name', 'first_name', 'id');
    query.whereRaw(`(c.last_name, c.first_name, c.id) ${backwards ? '<' : '>'} (?)`, [anchor]);
  }
  const order = backwards ? 'desc' : 'asc';
  query.orderBy([
    { column: 'c.last_name', order },
    { column: 'c.first_name', order },
    { column: 'c.id', order },
  ]);
  const found = (await query) as ContactRow[];
  const more = found.length > CONTACTS_PER_PAGE;
  const rows = found.slice(0, CONTACTS_PER_PAGE);
  if (backwards) rows.reverse();
  const first = rows[0]?.id ?? null;
  const last = rows[rows.length - 1]?.id ?? null;
  return {
    rows,
    previous: backwards ? (more ? first : null) : anchorId !== undefined ? first : null,
    next: backwards ? last : more ? last : null,
  };
}

/** One contact of this account; another account's id is simply not found. */
export async function findContact(db: Db, accountId: number, id: number): Promise<ContactRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return withMembership(db, accountId).where('c.id', id).first() as Promise<ContactRow | undefined>;
}

/** Addresses of the account's contacts who chose to receive a category of e-mail. */
export async function recipientsFor(db: Db, accountId: number, category: string): Promise<string[]> {
  return db('contacts')
    .where({ account_id: accountId })
    .whereRaw('? = ANY(email_types)', [category])
    .orderBy('id')
    .pluck('email');
}
