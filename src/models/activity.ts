import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { AUDIT_ACTIONS, STAFF_ONLY_ACTIONS, type AuditAction } from '../domain/audit-actions';
import type { Change } from '../domain/audit-changes';
import { keysetPage, type Cursor, type Page } from './pagination';

export const ACTIVITY_PER_PAGE = 50;

/** The most rows one export writes (the newest first): a year of a busy account, and a file a spreadsheet opens. */
export const ACTIVITY_EXPORT_MAX = 100_000;

/** What the log is narrowed to: who acted, which action, and calendar days in `timeZone` (both included). */
export interface ActivityFilter {
  actorUserId?: number | null;
  action?: AuditAction | null;
  from?: string | null;
  to?: string | null;
  timeZone: string;
}

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
  changes: Change[];
  outcome: 'ok' | 'failed';
  reason: string;
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
  filter: ActivityFilter | null = null,
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
      'e.changes',
      'e.outcome',
      'e.reason',
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
  if (filter) narrow(query, filter);
  return keysetPage<ActivityRow>(query, {
    columns: ['e.id'],
    direction: 'desc',
    anchor: (id) => db('audit_events').where({ id, account_id: accountId }).select('id'),
    cursor: cursor ?? {},
    size,
  });
}

/** The filter's conditions; a day starts at midnight on the account's clock. */
function narrow(query: Knex.QueryBuilder, filter: ActivityFilter): void {
  if (filter.actorUserId) query.where('e.actor_user_id', filter.actorUserId);
  if (filter.action) query.where('e.action', filter.action);
  if (filter.from)
    query.whereRaw('e.created_at >= (CAST(? AS date)::timestamp AT TIME ZONE ?)', [filter.from, filter.timeZone]);
  if (filter.to)
    query.whereRaw('e.created_at < ((CAST(? AS date) + 1)::timestamp AT TIME ZONE ?)', [filter.to, filter.timeZone]);
}

/**
 * Every row the filter matches, newest first, a batch at a time (keyset, so each batch costs what
 * the first does), at most ACTIVITY_EXPORT_MAX rows: what an export writes.
 */
export async function* activityBatches(
  db: Db,
  accountId: number,
  filter: ActivityFilter,
  includeStaffWork: boolean,
  batch = 1000,
): AsyncGenerator<ActivityRow[]> {
  let cursor: Cursor | null = null;
  for (let left = ACTIVITY_EXPORT_MAX; left > 0;) {
    const page = await activityPage(db, accountId, cursor, includeStaffWork, Math.min(batch, left), filter);
    if (page.rows.length) yield page.rows;
    left -= page.rows.length;
    if (page.next === null) return;
    cursor = { after: page.next };
  }
}

/** The users of the account, to filter its log by person (a select: name and e-mail). */
export async function activityPeople(
  db: Db,
  accountId: number,
): Promise<{ id: number; name: string; email: string }[]> {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', accountId)
    .orderBy(['u.first_name', 'u.last_name', 'u.id'])
    .limit(1000)
    .select('u.id', db.raw("u.first_name || ' ' || u.last_name AS name"), 'u.email');
}

/**
 * The actions the account's log holds, to filter it by action: one index probe per action found
 * (a skip scan of audit_events_account_action_idx), however long the log.
 */
export async function activityActions(db: Db, accountId: number, includeStaffWork: boolean): Promise<AuditAction[]> {
  const { rows } = await db.raw<{ rows: { action: string }[] }>(
    `WITH RECURSIVE present(action) AS (
       (SELECT action FROM audit_events WHERE account_id = :id ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT e.action FROM audit_events e WHERE e.account_id = :id AND e.action > present.action
               ORDER BY e.action LIMIT 1)
       FROM present WHERE present.action IS NOT NULL
     )
     SELECT action FROM present WHERE action IS NOT NULL`,
    { id: accountId },
  );
  const known = new Set<string>(AUDIT_ACTIONS);
  const hidden = new Set<string>(includeStaffWork ? [] : STAFF_ONLY_ACTIONS);
  return rows.map((r) => r.action).filter((a): a is AuditAction => known.has(a) && !hidden.has(a));
}

/** The account's time zone: the clock its log's days are read on. */
export async function accountTimeZone(db: Db, accountId: number): Promise<string> {
  const row = await db('accounts').where({ id: accountId }).first<{ time_zone: string } | undefined>('time_zone');
  return row?.time_zone ?? 'UTC';
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
