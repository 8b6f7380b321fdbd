import type { Db } from '../db/knex';

/** Whether the database answers within the time given (cancelled when it does not). */
export async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  try {
    await db.raw('SELECT 1').timeout(timeoutMs, { cancel: true });
    return true;
  } catch {
    return false;
  }
}
