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
 *
 * The claim commits without waiting for the WAL flush (synchronous_commit off for its own implicit
 * transaction, in the same statement): WAL is written in order, so the write's COMMIT that follows,
 * or the stored answer's, flushes the claim with it. A crash before that loses at most a claim
 * whose write was lost too, which the client's retry claims again (docs/api.md, «Idempotency-Key»).
 */
export async function claimKey(
  db: Db,
  accountId: number,
  key: string,
  requestHash: Buffer,
): Promise<{ claimed: true; id: number } | { claimed: false }> {
  const result = await db.raw<{ rows: { id: number }[] }>(
    `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO idempotency_keys (account_id, key, request_hash)
     SELECT CAST(? AS bigint), CAST(? AS text), CAST(? AS bytea) FROM async
     ON CONFLICT (account_id, key) DO NOTHING
     RETURNING id`,
    [accountId, key, requestHash],
  );
  const row = result.rows[0];
  return row ? { claimed: true, id: row.id } : { claimed: false };
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
