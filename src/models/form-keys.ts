import type { Db } from '../db/knex';

/**
 * Claims a form key for the caller's transaction. A second claim of the same key waits on the
 * primary key until the first transaction ends, then finds it taken (false): a repeat.
 */
export async function claimFormKey(db: Db, key: string, userId: number): Promise<boolean> {
  const rows = (await db('form_keys')
    .insert({ key, user_id: userId })
    .onConflict('key')
    .ignore()
    .returning('key')) as unknown[];
  return rows.length > 0;
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
