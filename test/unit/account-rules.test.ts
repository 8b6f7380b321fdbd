/* The rules PostgreSQL itself enforces on accounts and the credit ledger, whatever the app sends. */
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createCustomerOf, createReseller } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (err: Error & { constraint?: string }) => err.constraint ?? err.message,
  );

describe('realms', () => {
  it("puts one label before the parent's realm, and never changes", async () => {
    const { db } = database;
    const r = await createReseller(db);
    const suffix = (await db('accounts').where({ id: r.resellerId }).first('realm')).realm as string;
    const insert = (realm: string) =>
      db('accounts').insert({ kind: 'customer', parent_id: r.resellerId, name: `C ${realm}`, realm });
    expect(await refusal(insert('k7m2p9x.otro.example'))).toBe('accounts_realm_suffix');
    expect(await refusal(insert(`a.b.${suffix}`))).toBe('accounts_realm_suffix');
    expect(await refusal(insert(`-x.${suffix}`))).toBe('accounts_realm_suffix');
    expect(await refusal(insert(`k7m2p9x.${suffix}`))).toBe('accepted');
    expect(
      await refusal(
        db('accounts')
          .where({ realm: `k7m2p9x.${suffix}` })
          .update({ realm: `otro123.${suffix}` }),
      ),
    ).toBe('accounts_realm_fixed');
  });

  it("keeps a parent's children's names apart, ignoring case", async () => {
    const { db } = database;
    const r = await createReseller(db);
    await createCustomerOf(db, r.resellerId, { name: 'ABC Company' });
    expect(await refusal(createCustomerOf(db, r.resellerId, { name: 'abc company' }))).toBe('accounts_parent_name_key');
    const other = await createReseller(db);
    expect(await refusal(createCustomerOf(db, other.resellerId, { name: 'ABC Company' }))).toBe('accepted');
  });
});

describe('the trunk pool', () => {
  it('never lets customers hold more than the pool, and takes back what a closed account held', async () => {
    const { db } = database;
    const r = await createReseller(db, { pool: { inbound: 5, outbound: 5, twoway: 2 } });
    const a = await createCustomerOf(db, r.resellerId, { trunks: { inbound: 3, outbound: 0, twoway: 2 } });
    expect(await refusal(createCustomerOf(db, r.resellerId, { trunks: { inbound: 3, outbound: 0, twoway: 0 } }))).toBe(
      'accounts_trunk_pool',
    );
    const b = await createCustomerOf(db, r.resellerId, { trunks: { inbound: 2, outbound: 5, twoway: 0 } });
    expect(await refusal(db('accounts').where({ id: b }).update({ twoway_trunks: 1 }))).toBe('accounts_trunk_pool');
    expect(await refusal(db('accounts').where({ id: r.resellerId }).update({ pool_inbound_trunks: 4 }))).toBe(
      'accounts_trunk_pool',
    );
    expect(await refusal(db('accounts').where({ id: r.resellerId }).update({ pool_inbound_trunks: 6 }))).toBe(
      'accepted',
    );
    // Lowering always fits; closing returns the trunks to the pool, reopening must fit again.
    expect(await refusal(db('accounts').where({ id: b }).update({ outbound_trunks: 1 }))).toBe('accepted');
    await db('accounts').where({ id: a }).update({ status: 'closed' });
    const c = await createCustomerOf(db, r.resellerId, { trunks: { inbound: 4, outbound: 0, twoway: 2 } });
    expect(c).toBeGreaterThan(0);
    expect(await refusal(db('accounts').where({ id: a }).update({ status: 'active' }))).toBe('accounts_trunk_pool');
  });

  it('leaves accounts outside a reseller alone (the platform has no pool)', async () => {
    const { db } = database;
    const platform = await createAccount(db, { kind: 'platform' });
    const customer = await createAccount(db, { parentId: platform });
    expect(await refusal(db('accounts').where({ id: customer }).update({ inbound_trunks: 7 }))).toBe('accepted');
  });
});

describe('the credit ledger', () => {
  it('refuses an entry that takes the balance below zero, unless the account allows prepay', async () => {
    const { db } = database;
    const r = await createReseller(db);
    const a = await createCustomerOf(db, r.resellerId);
    const entry = (cents: number) => db('credit_entries').insert({ account_id: a, amount_cents: cents, note: 'x' });
    expect(await refusal(entry(-1))).toBe('credit_entries_balance_not_negative');
    expect(await refusal(entry(10000))).toBe('accepted');
    expect(await refusal(entry(-10000))).toBe('accepted');
    expect(await refusal(entry(-1))).toBe('credit_entries_balance_not_negative');
    await db('accounts').where({ id: a }).update({ allow_prepay: true });
    expect(await refusal(entry(-2500))).toBe('accepted');
  });
});
