import type { Db } from '../db/knex';

/**
 * A reseller's trunk pool: totals per kind, from which its customers' allocations are drawn.
 * PostgreSQL refuses any allocation over the pool (trigger accounts_trunk_pool); this file reads
 * the pool and locks it, so a service can tell the user how many trunks are left.
 */
export const TRUNK_KINDS = ['inbound', 'outbound', 'twoway'] as const;
export type TrunkKind = (typeof TRUNK_KINDS)[number];
export type Trunks = Record<TrunkKind, number>;

export interface PoolState {
  pool: Trunks;
  allocated: Trunks;
  available: Trunks;
}

export const NO_TRUNKS: Trunks = { inbound: 0, outbound: 0, twoway: 0 };

/**
 * The pool of a parent account and what its open children hold. With `lock`, the parent's row is
 * locked first (FOR UPDATE, inside the caller's transaction): lock the parent before any child.
 */
export async function poolState(db: Db, parentId: number, options: { lock?: boolean } = {}): Promise<PoolState> {
  const parentQuery = db('accounts')
    .where({ id: parentId })
    .first('pool_inbound_trunks', 'pool_outbound_trunks', 'pool_twoway_trunks');
  if (options.lock) parentQuery.forUpdate();
  const parent = await parentQuery;
  const used = await db('accounts')
    .where({ parent_id: parentId })
    .whereNot({ status: 'closed' })
    .first(
      db.raw('coalesce(sum(inbound_trunks), 0)::int AS inbound'),
      db.raw('coalesce(sum(outbound_trunks), 0)::int AS outbound'),
      db.raw('coalesce(sum(twoway_trunks), 0)::int AS twoway'),
    );
  const pool: Trunks = {
    inbound: parent?.pool_inbound_trunks ?? 0,
    outbound: parent?.pool_outbound_trunks ?? 0,
    twoway: parent?.pool_twoway_trunks ?? 0,
  };
  const allocated: Trunks = { inbound: used.inbound, outbound: used.outbound, twoway: used.twoway };
  const available = Object.fromEntries(TRUNK_KINDS.map((k) => [k, Math.max(0, pool[k] - allocated[k])])) as Trunks;
  return { pool, allocated, available };
}

/** The kinds where more is asked than is available. */
export function exceededKinds(requested: Trunks, available: Trunks): TrunkKind[] {
  return TRUNK_KINDS.filter((k) => requested[k] > available[k]);
}

/** The error PostgreSQL raises when an allocation would exceed the pool. */
export function isPoolRefusal(err: unknown): boolean {
  return (err as { constraint?: unknown })?.constraint === 'accounts_trunk_pool';
}
