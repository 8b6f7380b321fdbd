import type { Db } from '../db/knex';

/**
 * Claims a form key for the caller's transaction; false when the key was used already. While
 * another transaction holds the key (the first of a double click, still at work), the claim does
 * not wait on its lock: it fails at once with lock_not_available (isFormKeyBusy).
 */
export async function claimFormKey(db: Db, key: string, userId: number): Promise<boolean> {
  await db.raw("SET LOCAL lock_timeout = '50ms'");
  const rows = (await db('form_keys')
    .insert({ key, user_id: userId })
    .onConflict('key')
    .ignore()
    .returning('key')) as unknown[];
  await db.raw('SET LOCAL lock_timeout TO DEFAULT');
  return rows.length > 0;
}

/** The claim met a key another transaction holds (PostgreSQL's lock_not_available). */
export function isFormKeyBusy(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '55P03';
}

/** Where the first submission with this key led ('' when it led nowhere, null when not this user's). */
export async function formKeyResult(db: Db, key: string, userId: number): Promise<string | null> {
  const row = await db('form_keys')
    .where({ key, user_id: userId })
    .first<{ result_path: string } | undefined>('result_path');
  return row ? row.result_path : null;
}

export async function recordFormResult(db: Db, key: string, path: string): Promise<void> {
  await db('form_keys').where({ key }).update({ result_path: path });
}

/** The submission was refused (422): the same form may be sent again, corrected, with its key. */
export async function releaseFormKey(db: Db, key: string): Promise<void> {
  await db('form_keys').where({ key }).delete();
}

/** Keys older than `seconds` are forgotten (a form is not resubmitted a day later). */
export async function pruneFormKeys(db: Db, seconds = 24 * 3600): Promise<number> {
  return db('form_keys')
    .where('created_at', '<', db.raw('now() - make_interval(secs => ?)', [seconds]))
    .delete();
}
