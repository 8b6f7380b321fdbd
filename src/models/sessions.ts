import type { Db } from '../db/knex';

/**
 * The session table belongs to connect-pg-simple, which reads and writes it; the app only removes
 * expired rows (its own pruning timer, one per process, is off: see services/housekeeping.ts).
 */
export async function deleteExpiredSessions(db: Db): Promise<number> {
  return db('session').where('expire', '<', db.fn.now()).delete();
}
