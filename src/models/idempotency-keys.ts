import type { Db } from '../db/knex';

export interface IdempotencyRow {
  id: number;
  request_hash: Buffer;
  response_status: number | null;
  response_body: unknown;
  response_location: string | null;
}

/**
 * Claims the key for this request in its own statement (committed at once, outside the write's
 * transaction): null when the key was free and is now this request's, else the row that holds it.
 */
export async function claimKey(
  db: Db,
  accountId: number,
  key: string,
  requestHash: Buffer,
): Promise<{ claimed: true; id: number } | { claimed: false }> {
  const rows: { id: number }[] = await db('idempotency_keys')
    .insert({ account_id: accountId, key, request_hash: requestHash })
    .onConflict(['account_id', 'key'])
    .ignore()
    .returning('id');
  return rows[0] ? { claimed: true, id: rows[0].id } : { claimed: false };
}

export async function findKey(db: Db, accountId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db('idempotency_keys')
    .where({ account_id: accountId, key })
    .first('id', 'request_hash', 'response_status', 'response_body', 'response_location');
}

export async function storeResponse(
  db: Db,
  id: number,
  response: { status: number; body: unknown; location: string | null },
): Promise<void> {
  await db('idempotency_keys')
    .where({ id })
    .update({
      response_status: response.status,
      response_body: JSON.stringify(response.body),
      response_location: response.location,
    });
}

/** A write that failed before answering gives its key back, so the same request can be tried again. */
export async function releaseKey(db: Db, id: number): Promise<void> {
  await db('idempotency_keys').where({ id }).whereNull('response_status').delete();
}

/** Keys are kept for a day. */
export async function deleteOldKeys(db: Db): Promise<number> {
  return db('idempotency_keys').where('created_at', '<', db.raw("now() - interval '24 hours'")).delete();
}
