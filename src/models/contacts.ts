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

/** A page of the account's contacts by name (index contacts_account_name_idx); one extra row tells if more follow. */
export async function contactsPage(db: Db, accountId: number, page: number): Promise<{ rows: ContactRow[]; hasMore: boolean }> {
  const rows = (await withMembership(db, accountId)
    .orderBy([{ column: 'c.last_name' }, { column: 'c.first_name' }, { column: 'c.id' }])
    .limit(CONTACTS_PER_PAGE + 1)
    .offset((page - 1) * CONTACTS_PER_PAGE)) as ContactRow[];
  return { rows: rows.slice(0, CONTACTS_PER_PAGE), hasMore: rows.length > CONTACTS_PER_PAGE };
}

/** One contact of this account; another account's id is simply not found. */
export async function findContact(db: Db, accountId: number, id: number): Promise<ContactRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return withMembership(db, accountId).where('c.id', id).first() as Promise<ContactRow | undefined>;
}

/** Addresses of the account's contacts who chose to receive a category of e-mail. */
export async function recipientsFor(db: Db, accountId: number, category: string): Promise<string[]> {
  return db('contacts').where({ account_id: accountId }).whereRaw('? = ANY(email_types)', [category]).orderBy('id').pluck('email');
}
