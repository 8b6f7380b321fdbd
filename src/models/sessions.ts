import type pg from 'pg';
import type { Db } from '../db/knex';
import { currentRowSql, type CurrentRow } from './memberships';

/**
 * The session table belongs to connect-pg-simple, which writes it; the app reads it through
 * readSession below and removes expired rows (its own pruning timer, one per process, is off: see
 * services/housekeeping.ts).
 */
export async function deleteExpiredSessions(db: Db): Promise<number> {
  return db('session').where('expire', '<', db.fn.now()).delete();
}

/** A stored session and, when it is signed in, its user and membership as they are now. */
export interface SessionRead {
  sess: Record<string, unknown>;
  /** Null when the session is not signed in or its user is gone. */
  current: CurrentRow | null;
  /** The account the row was read for (the session's `accountId`, 0 for none). */
  accountId: number;
}

const READ_SESSION = {
  name: 'read-session-with-current-user',
  text: `
    SELECT s.sess, coalesce((s.sess->>'accountId')::int, 0) AS read_for_account, to_jsonb(c) AS current
      FROM "session" s
      LEFT JOIN LATERAL (${currentRowSql("(s.sess->>'userId')::int", "coalesce((s.sess->>'accountId')::int, 0)")}) c
        ON true
     WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`,
};

/**
 * The session row and the signed-in user in one round trip (a prepared statement): what the
 * session store and the current-user middleware would otherwise ask for one after the other.
 */
export async function readSession(pool: pg.Pool, sid: string, nowMs: number): Promise<SessionRead | null> {
  const result = await pool.query<{
    sess: Record<string, unknown>;
    read_for_account: number;
    current: CurrentRow | null;
  }>({ ...READ_SESSION, values: [sid, nowMs / 1000] });
  const row = result.rows[0];
  return row ? { sess: row.sess, current: row.current, accountId: row.read_for_account } : null;
}

/** The opaque id a session is shown and ended by: a hash of its id, which is the cookie's secret. */
const HANDLE_SQL = `encode(sha256(convert_to(s.sid, 'UTF8')), 'hex')`;

/** An open signed-in session of a user, as «Sesiones y dispositivos» lists it. */
export interface OpenSession {
  handle: string;
  user_agent: string;
  ip: string;
  started_at: Date;
  last_seen_at: Date;
}

/** When a session stops counting as open (the limits middleware/session.ts enforces at each request). */
export interface SessionLimits {
  now: Date;
  startedAfter: Date;
  seenAfter: Date;
}

/**
 * The user's sessions that still sign them in: not expired, not ended by a password change
 * (session_version), within the idle and absolute limits; the most recently active first.
 * Found through the index on the session's user id (a handful of rows per user).
 */
export async function openSessionsOf(db: Db, userId: number, limits: SessionLimits): Promise<OpenSession[]> {
  const { rows } = await db.raw<{ rows: OpenSession[] }>(
    `SELECT ${HANDLE_SQL} AS handle,
            coalesce(s.sess->>'userAgent', '') AS user_agent,
            coalesce(s.sess->>'ip', '') AS ip,
            to_timestamp((s.sess->>'createdAt')::bigint / 1000.0) AS started_at,
            to_timestamp((s.sess->>'lastSeenAt')::bigint / 1000.0) AS last_seen_at
       FROM "session" s
       JOIN users u ON u.id = (s.sess->>'userId')::int
      WHERE (s.sess->>'userId')::int = ?
        AND s.sess->>'userId' IS NOT NULL
        AND s.expire >= to_timestamp(?)
        AND (s.sess->>'userVersion')::int = u.session_version
        AND (s.sess->>'createdAt')::bigint > ?
        AND (s.sess->>'lastSeenAt')::bigint > ?
      ORDER BY (s.sess->>'lastSeenAt')::bigint DESC, handle`,
    [userId, limits.now.getTime() / 1000, limits.startedAfter.getTime(), limits.seenAfter.getTime()],
  );
  return rows;
}

/** Ends the user's session with that handle (0 when it is not theirs, or already gone). */
export async function deleteSessionOf(db: Db, userId: number, handle: string): Promise<number> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `DELETE FROM "session" s WHERE (s.sess->>'userId')::int = ? AND s.sess->>'userId' IS NOT NULL AND ${HANDLE_SQL} = ?`,
    [userId, handle],
  );
  return rowCount;
}

/** Ends every session of the user but the one with the handle `keep` (null: all of them). */
export async function deleteSessionsOf(db: Db, userId: number, keep: string | null): Promise<number> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `DELETE FROM "session" s WHERE (s.sess->>'userId')::int = ? AND s.sess->>'userId' IS NOT NULL AND ${HANDLE_SQL} <> ?`,
    [userId, keep ?? ''],
  );
  return rowCount;
}
