import type { Db } from '../db/knex';

/**
 * A reseller's trunk pool, in TypeScript: the one home of what the app knows about it. The rule
 * itself is PostgreSQL's (trigger accounts_trunk_pool, migrations/20261123100005_enforce_trunk_pool.ts),
 * and this file mirrors it so a form can say how many trunks are left instead of failing:
 *
 * - a reseller's customers together hold at most its pool, per kind (inbound, outbound, two-way);
 * - a reseller's pool is never set under what its customers hold;
 * - a closed account holds nothing: closing gives its trunks back, reopening must fit again;
 * - lowering an allocation, or closing, always fits; only an account outside a reseller (below the
 *   platform) has no pool to fit;
 * - whoever adds trunks locks the reseller's row first, then sums (`poolState` with `lock`), so the
 *   app and the trigger count once at a time. PostgreSQL still refuses what slips past
 *   (`isPoolRefusal`).
 *
 * The columns are `inbound_trunks`… (a customer's allocation) and `pool_inbound_trunks`… (a
 * reseller's totals); `trunksOf`, `poolOf`, `trunkColumns` and `poolColumns` are the only mapping
 * between them and `Trunks`.
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

/** The allocation columns of an accounts row. */
export interface TrunkColumns {
  inbound_trunks: number;
  outbound_trunks: number;
  twoway_trunks: number;
}

/** The pool columns of an accounts row (a reseller's; zero for anyone else, a CHECK says so). */
export interface PoolColumns {
  pool_inbound_trunks: number;
  pool_outbound_trunks: number;
  pool_twoway_trunks: number;
}

/** A customer's allocation, from its row. */
export const trunksOf = (row: TrunkColumns): Trunks => ({
  inbound: row.inbound_trunks,
  outbound: row.outbound_trunks,
  twoway: row.twoway_trunks,
});

/** A reseller's pool totals, from its row. */
export const poolOf = (row: PoolColumns): Trunks => ({
  inbound: row.pool_inbound_trunks,
  outbound: row.pool_outbound_trunks,
  twoway: row.pool_twoway_trunks,
});

/** An allocation as the columns to write. */
export const trunkColumns = (trunks: Trunks): TrunkColumns => ({
  inbound_trunks: trunks.inbound,
  outbound_trunks: trunks.outbound,
  twoway_trunks: trunks.twoway,
});

/** Pool totals as the columns to write. */
export const poolColumns = (pool: Trunks): PoolColumns => ({
  pool_inbound_trunks: pool.inbound,
  pool_outbound_trunks: pool.outbound,
  pool_twoway_trunks: pool.twoway,
});

/**
 * The pool of a parent account and what its open children hold. With `lock`, the parent's row is
 * locked first (FOR UPDATE, inside the caller's transaction): lock the parent before any child.
 */
export async function poolState(db: Db, parentId: number, options: { lock?: boolean } = {}): Promise<PoolState> {
  const parentQuery = db('accounts')
    .where({ id: parentId })
    .first('pool_inbound_trunks', 'pool_outbound_trunks', 'pool_twoway_trunks');
  if (options.lock) parentQuery.forUpdate();
  const parent = (await parentQuery) as PoolColumns | undefined;
  const used = await db('accounts')
    .where({ parent_id: parentId })
    .whereNot({ status: 'closed' })
    .first(
      db.raw('coalesce(sum(inbound_trunks), 0)::int AS inbound'),
      db.raw('coalesce(sum(outbound_trunks), 0)::int AS outbound'),
      db.raw('coalesce(sum(twoway_trunks), 0)::int AS twoway'),
    );
  const pool: Trunks = parent ? poolOf(parent) : NO_TRUNKS;
  const allocated: Trunks = { inbound: used.inbound, outbound: used.outbound, twoway: used.twoway };
  const available = Object.fromEntries(TRUNK_KINDS.map((k) => [k, Math.max(0, pool[k] - allocated[k])])) as Trunks;
  return { pool, allocated, available };
}

/** The kinds where more is asked than is available. */
export function exceededKinds(requested: Partial<Trunks>, available: Trunks): TrunkKind[] {
  return TRUNK_KINDS.filter((k) => (requested[k] ?? 0) > available[k]);
}

/** The error PostgreSQL raises when an allocation would exceed the pool. */
export function isPoolRefusal(err: unknown): boolean {
  return (err as { constraint?: unknown })?.constraint === 'accounts_trunk_pool';
}
