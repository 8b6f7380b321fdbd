import type { Db } from '../db/knex';
import { escapeLike } from './helpdesk';

/**
 * The people of a parent account (a reseller's partners, the platform's staff) who may be support
 * contacts of the accounts it creates: accepted, not blocked.
 */
export interface Partner {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

function peopleOf(db: Db, parentId: number) {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', parentId)
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .select('u.id', 'u.email', 'u.first_name', 'u.last_name');
}

/** Those whose name or e-mail contains `q`, leaving out the ones already chosen. */
export async function searchPartnersOf(db: Db, parentId: number, q: string, exclude: number[]): Promise<Partner[]> {
  const like = `%${escapeLike(q.trim())}%`;
  return peopleOf(db, parentId)
    .where((w) => {
      void w.whereILike('u.email', like).orWhereRaw("(u.first_name || ' ' || u.last_name) ILIKE ?", [like]);
    })
    .whereNotIn('u.id', exclude)
    .orderBy(['u.first_name', 'u.last_name', 'u.id'])
    .limit(20);
}

/** The given users, those of them who are still people of the parent. */
export async function partnersOf(db: Db, parentId: number, ids: number[]): Promise<Partner[]> {
  if (!ids.length) return [];
  return peopleOf(db, parentId).whereIn('u.id', ids).orderBy(['u.first_name', 'u.last_name', 'u.id']);
}
