import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Db } from '../db/knex';
import { claimKey, findKey, releaseKey, storeResponse } from '../models/idempotency-keys';
import type { ApiReply } from './operation';
import { ApiProblem } from './problem';

const WAIT_MS = 10_000;
const POLL_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const answerOf = (reply: ApiReply) => ({ status: reply.status, body: reply.body, location: reply.location ?? null });

/** The same request is the same method, path and JSON body (keys in any order). */
function requestHash(req: Request): Buffer {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(canonical(req.body ?? null))}`)
    .digest();
}

export function idempotencyKeyOf(req: Request): string {
  const key = req.get('idempotency-key');
  if (key === undefined || key === '')
    throw new ApiProblem(400, 'idempotency_key_required', 'This operation needs an Idempotency-Key header.');
  if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))
    throw new ApiProblem(400, 'idempotency_key_invalid', 'An Idempotency-Key is 1 to 200 visible ASCII characters.');
  return key;
}

/**
 * Lets a write keep its answer inside its own transaction (`trx`), so the answer commits with the
 * write: one COMMIT instead of two, and a crash can never leave a key claimed without its answer.
 * A write that does not call it has its answer stored after it, in a statement of its own.
 */
export type KeepAnswer = (trx: Db, reply: ApiReply) => Promise<void>;

/**
 * Runs the write once per (account, key). The key's row is inserted first, committed on its own,
 * so of ten copies arriving at once one runs the write and nine wait for its answer and repeat it
 * (`replayed`). The same key with another request is refused; a write that fails with an
 * exception gives the key back. Answers of 5xx are never kept.
 */
export async function runOnce(
  db: Db,
  accountId: number,
  key: string,
  req: Request,
  write: (keep: KeepAnswer) => Promise<ApiReply>,
): Promise<ApiReply & { replayed: boolean }> {
  const hash = requestHash(req);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const claim = await claimKey(db, accountId, key, hash);
    if (claim.claimed) {
      let kept: ApiReply | undefined;
      const keep: KeepAnswer = async (trx, reply) => {
        await storeResponse(trx, claim.id, answerOf(reply));
        kept = reply;
      };
      let reply: ApiReply;
      try {
        reply = await write(keep);
      } catch (err) {
        await releaseKey(db, claim.id);
        throw err;
      }
      if (kept !== reply) await storeResponse(db, claim.id, answerOf(reply));
      return { ...reply, replayed: false };
    }
    const row = await findKey(db, accountId, key);
    if (row && !row.request_hash.equals(hash))
      throw new ApiProblem(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for another request; use a new key for a new request.',
      );
    if (row && row.response_status !== null)
      return {
        status: row.response_status,
        body: row.response_body,
        location: row.response_location ?? undefined,
        replayed: true,
      };
    if (Date.now() > deadline)
      throw new ApiProblem(409, 'idempotency_key_in_progress', 'A request with this key is still running.', {
        headers: { 'Retry-After': '1' },
      });
    // Still running (or given back a moment ago: the next round claims it).
    await sleep(POLL_MS);
  }
}
