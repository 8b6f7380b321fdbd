import type { Db } from '../db/knex';
import { escapeLike } from './helpdesk';

export interface SupportContact {
  id: number;
  partner_user_id: number | null;
  email: string;
  name: string | null;
}

export async function supportContactsOf(db: Db, accountId: number): Promise<SupportContact[]> {
  return db('support_contacts as s')
    .leftJoin('users as u', 'u.id', 's.partner_user_id')
    .where('s.account_id', accountId)
    .orderBy('s.id')
    .select(
      's.id',
      's.partner_user_id',
      db.raw('coalesce(u.email, s.email) AS email'),
      db.raw("CASE WHEN u.id IS NULL THEN NULL ELSE u.first_name || ' ' || u.last_name END AS name"),
    );
}

/** Partners of the reseller that created (owns) this account whose name or e-mail matches. */
export async function searchPartners(db: Db, accountId: number, q: string) {
  const like = `%${escapeLike(q.trim())}%`;
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as r', 'r.id', 'm.account_id')
    .where('r.kind', 'reseller')
    .where('r.id', db('accounts').select('parent_id').where({ id: accountId }))
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .where((w) => {
      void w.whereILike('u.email', like).orWhereRaw("(u.first_name || ' ' || u.last_name) ILIKE ?", [like]);
    })
    .whereNotIn(
      'u.id',
      db('support_contacts').select('partner_user_id').where({ account_id: accountId }).whereNotNull('partner_user_id'),
    )
    .orderBy(['u.first_name', 'u.last_name'])
    .limit(20)
    .select('u.id', 'u.email', 'u.first_name', 'u.last_name');
}

/** Seed 002: an account's administrators may edit support contacts only when a partner created the account. */
export async function createdByPartner(db: Db, accountId: number): Promise<boolean> {
  const row = await db('accounts as a')
    .join('memberships as m', 'm.user_id', 'a.created_by_user_id')
    .join('accounts as r', 'r.id', 'm.account_id')
    .where({ 'a.id': accountId, 'r.kind': 'reseller' })
    .first('a.id');
  return Boolean(row);
}

/** Accounts Manager: the support contacts a parent gives a new account (partners and plain addresses). */
export async function addSupportContacts(
  trx: Db,
  accountId: number,
  contacts: { partnerIds: number[]; emails: string[] },
): Promise<void> {
  const rows = [
    ...contacts.partnerIds.map((id) => ({ account_id: accountId, partner_user_id: id })),
    ...contacts.emails.map((email) => ({ account_id: accountId, email })),
  ];
  if (rows.length) await trx('support_contacts').insert(rows);
}
