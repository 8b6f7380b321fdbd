/* Webhook events are written in the transaction of the change that causes them (issue 20). */
import { userActor } from '../../src/domain/actor';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { adjustCredit } from '../../src/services/accounts/credit';
import { suspendManagedAccount } from '../../src/services/accounts/status';
import { accountRepresentation } from '../../src/services/representations/accounts';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createCustomerOf, createReseller } from '../helpers/factories';
import { createSubscription, deliveriesOf, eventsOf } from '../helpers/webhooks';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function setUp() {
  const r = await createReseller(t.db, { name: `Acme ${Math.random()}` });
  const customerId = await createCustomerOf(t.db, r.resellerId, { name: 'ABC' });
  const customer = (await findManagedAccount(t.db, r.resellerId, customerId)) as ManagedAccount;
  return { r, customer, actor: userActor(r.partner.id) };
}

const credit = { direction: 'add' as const, amount_cents: 1500, note: 'Pago', reference: null };

describe('emitEvent', () => {
  it('writes the event and a delivery with the change, and data is what the API GET answers', async () => {
    const { r, customer, actor } = await setUp();
    const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, {
      events: ['ledger.entry_created', 'account.suspended'],
      includeDescendants: true,
    });
    const result = await adjustCredit(t.deps, actor, customer, credit);
    expect(result.ok).toBe(true);
    await suspendManagedAccount(t.deps, actor, customer);

    const [entry] = await eventsOf(t.db, customer.id, 'ledger.entry_created');
    expect(entry.data).toMatchObject({ direction: 'add', amount: '15.00', note: 'Pago', reference: null });
    const [suspended] = await eventsOf(t.db, customer.id, 'account.suspended');
    expect(suspended.data).toEqual(await accountRepresentation(t.db, customer.id));
    expect(suspended.data.status).toBe('suspended');
    expect((await deliveriesOf(t.db, sub.id)).map((d) => [d.type, d.status])).toEqual([
      ['ledger.entry_created', 'pending'],
      ['account.suspended', 'pending'],
    ]);
  });

  it('emits nothing for a change that rolls back', async () => {
    const { r, customer, actor } = await setUp();
    const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, {
      events: ['ledger.entry_created'],
      includeDescendants: true,
    });
    await expect(
      t.deps.db.transaction(async (trx) => {
        const result = await adjustCredit({ ...t.deps, db: trx }, actor, customer, credit);
        expect(result.ok).toBe(true);
        expect(await eventsOf(trx, customer.id)).toHaveLength(1);
        throw new Error('the caller failed after the change');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await eventsOf(t.db, customer.id)).toEqual([]);
    expect(await deliveriesOf(t.db, sub.id)).toEqual([]);
    expect(await t.db('credit_entries').where({ account_id: customer.id })).toEqual([]);
  });

  it('reaches the account itself, and ancestors only with include_descendants; never a sibling, never paused ones', async () => {
    const { r, customer, actor } = await setUp();
    const events = ['ledger.entry_created' as const];
    const own = await createSubscription(t.deps, customer.id, r.partner.id, { events });
    const parentOnly = await createSubscription(t.deps, r.resellerId, r.partner.id, { events });
    const platform = await createSubscription(t.deps, r.platformId, r.partner.id, { events, includeDescendants: true });
    const otherType = await createSubscription(t.deps, r.resellerId, r.partner.id, {
      events: ['account.updated'],
      includeDescendants: true,
    });
    const sibling = await createReseller(t.db, { platformId: r.platformId, name: `Otro ${Math.random()}` });
    const beside = await createSubscription(t.deps, sibling.resellerId, r.partner.id, {
      events,
      includeDescendants: true,
    });
    const paused = await createSubscription(t.deps, r.resellerId, r.partner.id, { events, includeDescendants: true });
    await t.db('webhook_subscriptions').where({ id: paused.id }).update({ status: 'paused' });

    await adjustCredit(t.deps, actor, customer, credit);

    const count = async (id: number) => (await deliveriesOf(t.db, id)).length;
    expect(await count(own.id)).toBe(1);
    expect(await count(platform.id)).toBe(1);
    expect(await count(parentOnly.id)).toBe(0);
    expect(await count(otherType.id)).toBe(0);
    expect(await count(beside.id)).toBe(0);
    expect(await count(paused.id)).toBe(0);
  });

  it('keeps the event of a change nobody subscribes to (no change without its event)', async () => {
    const { customer, actor } = await setUp();
    await adjustCredit(t.deps, actor, customer, credit);
    expect((await eventsOf(t.db, customer.id)).map((e) => e.type)).toEqual(['ledger.entry_created']);
  });
});
