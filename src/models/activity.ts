import type { Db } from '../db/knex';
import { STAFF_ONLY_ACTIONS } from '../services/audit-actions';

export const ACTIVITY_PER_PAGE = 50;

export interface ActivityRow {
  id: number;
  action: string;
  created_at: Date;
  ip: string;
  actor_name: string | null;
  actor_email: string | null;
  target_name: string | null;
  metadata: Record<string, unknown>;
}

/** The account's audit events, newest first, a page at a time (keyset on id); staff see their own work too. */
export async function activityPage(
  db: Db,
  accountId: number,
  before: number | null,
  includeStaffWork: boolean,
  limit = ACTIVITY_PER_PAGE,
) {
  const query = db('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    // Whom it was about: the user behind a membership, or a contact.
    .leftJoin('memberships as tm', function onMembership() {
      this.on('tm.id', '=', 'e.target_id').andOnVal('e.target_type', '=', 'membership');
    })
    .leftJoin('users as tu', 'tu.id', 'tm.user_id')
    .leftJoin('contacts as tc', function onContact() {
      this.on('tc.id', '=', 'e.target_id').andOnVal('e.target_type', '=', 'contact');
    })
    .where('e.account_id', accountId)
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .select(
      'e.id',
      'e.action',
      'e.created_at',
      'e.ip',
      'e.metadata',
      db.raw("u.first_name || ' ' || u.last_name AS actor_name"),
      'u.email as actor_email',
      db.raw("coalesce(tu.first_name || ' ' || tu.last_name, tc.first_name || ' ' || tc.last_name) AS target_name"),
    );
  if (before !== null) query.where('e.id', '<', before);
  if (!includeStaffWork) query.whereNotIn('e.action', STAFF_ONLY_ACTIONS);
  const rows = (await query) as ActivityRow[];
  return { rows: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1].id : null };
}
