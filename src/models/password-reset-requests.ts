import type { Db } from '../db/knex';

export interface PasswordResetRequestRow {
  id: number;
  email: string;
  requested_ip: string;
}

export async function insertPasswordResetRequest(db: Db, values: { email: string; ip: string }): Promise<void> {
  await db('password_reset_requests').insert({ email: values.email, requested_ip: values.ip });
}

/**
 * Takes up to `limit` waiting requests off the table, oldest first (inside the caller's
 * transaction: they come back if it fails). SKIP LOCKED: two workers never take the same one.
 */
export async function takePasswordResetRequests(db: Db, limit: number): Promise<PasswordResetRequestRow[]> {
  const ids = db('password_reset_requests').select('id').orderBy('id').limit(limit).forUpdate().skipLocked();
  return db('password_reset_requests')
    .whereIn('id', ids)
    .delete()
    .returning(['id', 'email', 'requested_ip']) as Promise<PasswordResetRequestRow[]>;
}
