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
