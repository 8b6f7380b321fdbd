import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { escapeLike } from './helpdesk';

/**
 * The people who may be partner support contacts of an account: the accepted, unblocked members of
 * its parent account — a reseller's partners, or the platform's staff for the accounts the platform
 * holds directly. The Accounts Manager asks by the parent, the account's own page by the account
 * (`parentOf`); both get this one answer.
 */
export interface Partner {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

/** The parent account of an account, as a subquery: what its own page asks partners by. */
export function parentOf(db: Db, accountId: number): Knex.QueryBuilder {
  return db('accounts').select('parent_id').where({ id: accountId });
}

type Parent = number | Knex.QueryBuilder;

function peopleOf(db: Db, parent: Parent) {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', parent)
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .select('u.id', 'u.email', 'u.first_name', 'u.last_name');
}

/** Those whose name or e-mail contains `q`, leaving out the ones already chosen: the first 20. */
export async function searchPartnersOf(
  db: Db,
  parent: Parent,
  q: string,
  exclude: number[] | Knex.QueryBuilder,
): Promise<Partner[]> {
  const like = `%${escapeLike(q.trim())}%`;
  return peopleOf(db, parent)
    .where((w) => {
      void w.whereILike('u.email', like).orWhereRaw("(u.first_name || ' ' || u.last_name) ILIKE ?", [like]);
    })
    .whereNotIn('u.id', exclude)
    .orderBy(['u.first_name', 'u.last_name', 'u.id'])
    .limit(20);
}

/** The given users, those of them who are still people of the parent. */
export async function partnersOf(db: Db, parent: Parent, ids: number[]): Promise<Partner[]> {
  if (!ids.length) return [];
  return peopleOf(db, parent).whereIn('u.id', ids).orderBy(['u.first_name', 'u.last_name', 'u.id']);
}
