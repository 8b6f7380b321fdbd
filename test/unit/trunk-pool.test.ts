import {
  exceededKinds,
  isPoolRefusal,
  poolColumns,
  poolOf,
  poolState,
  trunkColumns,
  trunksOf,
  type Trunks,
} from '../../src/models/trunk-pool';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createCustomerOf, createReseller } from '../helpers/factories';

/**
 * src/models/trunk-pool.ts mirrors PostgreSQL's pool rule (trigger accounts_trunk_pool) so that the
 * forms can say what is left. These tests hold the mirror to the trigger: what the app says fits is
 * exactly what PostgreSQL accepts.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const trunks = (inbound: number, outbound: number, twoway: number): Trunks => ({ inbound, outbound, twoway });

/** What PostgreSQL answers to a new customer holding `wanted`: accepted, or refused by the pool. */
async function trigger(resellerId: number, wanted: Trunks): Promise<'accepted' | 'refused'> {
  try {
    await database.db.transaction(async (trx) => {
      await createCustomerOf(trx, resellerId, { trunks: wanted });
      throw new Error('rollback');
    });
  } catch (err) {
    if (isPoolRefusal(err)) return 'refused';
    if ((err as Error).message !== 'rollback') throw err;
  }
  return 'accepted';
}

describe('the trunk pool mirror', () => {
  it('says a request fits exactly when PostgreSQL accepts it, closed accounts holding nothing', async () => {
    const { db } = database;
    const r = await createReseller(db, { pool: trunks(5, 4, 2) });
    await createCustomerOf(db, r.resellerId, { trunks: trunks(2, 1, 1) });
    const closed = await createCustomerOf(db, r.resellerId, { trunks: trunks(3, 3, 1) });
    await db('accounts').where({ id: closed }).update({ status: 'closed' });

    const state = await poolState(db, r.resellerId);
    expect(state).toEqual({ pool: trunks(5, 4, 2), allocated: trunks(2, 1, 1), available: trunks(3, 3, 1) });
    for (const wanted of [trunks(3, 3, 1), trunks(4, 0, 0), trunks(0, 4, 0), trunks(0, 0, 2), trunks(0, 0, 0)]) {
      const fits = exceededKinds(wanted, state.available).length === 0;
      expect([wanted, await trigger(r.resellerId, wanted)]).toEqual([wanted, fits ? 'accepted' : 'refused']);
    }
  });

  it('maps Trunks to the columns and back, the one place that names them', () => {
    const t = trunks(1, 2, 3);
    expect(trunksOf(trunkColumns(t))).toEqual(t);
    expect(poolOf(poolColumns(t))).toEqual(t);
    expect(trunkColumns(t)).toEqual({ inbound_trunks: 1, outbound_trunks: 2, twoway_trunks: 3 });
    expect(poolColumns(t)).toEqual({ pool_inbound_trunks: 1, pool_outbound_trunks: 2, pool_twoway_trunks: 3 });
  });
});
