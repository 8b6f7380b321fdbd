import type { Db } from '../db/knex';
import { STAFF_ONLY_ACTIONS } from '../domain/audit-actions';
import { keysetPage, type Cursor, type Page } from './pagination';

export const ACTIVITY_PER_PAGE = 50;

export interface ActivityRow {
  id: number;
  action: string;
  created_at: Date;
  ip: string;
  actor_name: string | null;
  actor_email: string | null;
  /** The API token that acted (the actor is then its creator), or null. */
  token_name: string | null;
  target_name: string | null;
  metadata: Record<string, unknown>;
}

/**
 * The account's audit events, newest first, a page at a time (keyset on id; no cursor is the
 * newest page); staff see their own work too.
 */
export async function activityPage(
  db: Db,
  accountId: number,
  cursor: Cursor | null,
  includeStaffWork: boolean,
  size = ACTIVITY_PER_PAGE,
): Promise<Page<ActivityRow>> {
  const query = db('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('api_tokens as tk', 'tk.id', 'e.actor_token_id')
    // Whom it was about: the user behind a membership, or a contact.
    .leftJoin('memberships as tm', function onMembership() {
      this.on('tm.id', '=', 'e.target_id').andOnVal('e.target_type', '=', 'membership');
    })
    .leftJoin('users as tu', 'tu.id', 'tm.user_id')
    .leftJoin('contacts as tc', function onContact() {
      this.on('tc.id', '=', 'e.target_id').andOnVal('e.target_type', '=', 'contact');
    })
    // Another account (a parent's work on a child): its name; an event about the account itself names nothing.
    .leftJoin('accounts as ta', function onAccount() {
      this.on('ta.id', '=', 'e.target_id')
        .andOnVal('e.target_type', '=', 'account')
        .andOn('ta.id', '<>', 'e.account_id');
    })
    .where('e.account_id', accountId)
    .select(
      'e.id',
      'e.action',
      'e.created_at',
      'e.ip',
      'e.metadata',
      db.raw("u.first_name || ' ' || u.last_name AS actor_name"),
      'u.email as actor_email',
      'tk.name as token_name',
      // Someone acting on themselves (accepting their invitation) is named once, as the actor.
      db.raw(
        `coalesce(CASE WHEN tu.id IS DISTINCT FROM e.actor_user_id THEN tu.first_name || ' ' || tu.last_name END,
                  tc.first_name || ' ' || tc.last_name, ta.name) AS target_name`,
      ),
    );
  if (!includeStaffWork) query.whereNotIn('e.action', STAFF_ONLY_ACTIONS);
  return keysetPage<ActivityRow>(query, {
    columns: ['e.id'],
    direction: 'desc',
    anchor: (id) => db('audit_events').where({ id, account_id: accountId }).select('id'),
    cursor: cursor ?? {},
    size,
  });
}

export interface HistoryRow {
  id: number;
  action: string;
  created_at: Date;
  actor_name: string | null;
  metadata: Record<string, unknown>;
}

/** The changes to a ticket, oldest first: the audit log's events about it (messages are the conversation). */
export async function ticketHistory(db: Db, ticketId: number, actions: readonly string[]): Promise<HistoryRow[]> {
  return db('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .where({ 'e.target_type': 'ticket', 'e.target_id': ticketId })
    .whereIn('e.action', actions)
    .orderBy(['e.created_at', 'e.id'])
    .limit(200)
    .select(
      'e.id',
      'e.action',
      'e.created_at',
      'e.metadata',
      db.raw("u.first_name || ' ' || u.last_name AS actor_name"),
    );
}
