/* The ledger with references (issue 19, item 4): a reference is unique per account, a repeat returns the entry it made. */
import { createTokenActor } from '../helpers/api';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createCreditEntry, createCustomerOf, createReseller } from '../helpers/factories';
import { userActor } from '../../src/domain/actor';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { ledgerPage } from '../../src/models/credit';
import { adjustCredit } from '../../src/services/accounts/credit';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function setUp() {
  const r = await createReseller(t.db);
  const account = (await findManagedAccount(
    t.db,
    r.resellerId,
    await createCustomerOf(t.db, r.resellerId),
  )) as ManagedAccount;
  return { r, account, actor: userActor(r.partner.id), via: { ip: '10.0.0.9' } };
}

const entriesOf = (accountId: number) => t.db('credit_entries').where({ account_id: accountId }).orderBy('id');

describe('adjustCredit with a reference', () => {
  it('records a payment once: the same reference again returns the entry it made', async () => {
    const { account, actor, via } = await setUp();
    const input = { direction: 'add' as const, amount_cents: 150000, note: 'Pago', reference: 'PAY-1' };
    const first = await adjustCredit(t.deps, actor, account, input, via);
    expect(first).toMatchObject({ ok: true, created: true, balanceCents: 150000 });
    const again = await adjustCredit(t.deps, actor, account, input, via);
    expect(again).toMatchObject({ ok: true, created: false, balanceCents: 150000 });
    if (!first.ok || !again.ok) throw new Error('refused');
    expect(again.entry).toEqual(first.entry);
    expect(first.entry).toMatchObject({ amount_cents: 150000, note: 'Pago', reference: 'PAY-1', currency: 'MXN' });
    expect(await entriesOf(account.id)).toHaveLength(1);
    expect(
      await t
        .db('audit_events')
        .where({ action: 'account.credit_added', target_id: account.id })
        .count('* as n')
        .first(),
    ).toEqual({ n: 2 }); // once in the account, once in its parent: the repeat records nothing
  });

  it('two posts of one reference at once make one entry, both answering with it', async () => {
    const { account, actor, via } = await setUp();
    const input = { direction: 'add' as const, amount_cents: 2500, note: 'Pago', reference: 'PAY-RACE' };
    const results = await Promise.all([
      adjustCredit(t.deps, actor, account, input, via),
      adjustCredit(t.deps, actor, account, input, via),
    ]);
    expect(results.map((r) => r.ok && r.created).sort()).toEqual([false, true]);
    const ids = results.map((r) => (r.ok ? r.entry.id : null));
    expect(ids[0]).toBe(ids[1]);
    expect(await entriesOf(account.id)).toHaveLength(1);
  });

  it('keeps references apart per account, and entries without one are never matched', async () => {
    const one = await setUp();
    const two = await setUp();
    const input = { direction: 'add' as const, amount_cents: 100, note: 'Pago', reference: 'FAC-0001' };
    expect(await adjustCredit(t.deps, one.actor, one.account, input, one.via)).toMatchObject({ created: true });
    expect(await adjustCredit(t.deps, two.actor, two.account, input, two.via)).toMatchObject({ created: true });
    const plain = { direction: 'add' as const, amount_cents: 100, note: 'Sin referencia' };
    await adjustCredit(t.deps, one.actor, one.account, plain, one.via);
    expect(await adjustCredit(t.deps, one.actor, one.account, plain, one.via)).toMatchObject({ created: true });
    expect(await entriesOf(one.account.id)).toHaveLength(3);
  });

  it('names the figure available when a removal would go below zero', async () => {
    const { account, actor, via } = await setUp();
    await createCreditEntry(t.db, account.id, 1000, 'Crédito');
    const refused = await adjustCredit(
      t.deps,
      actor,
      account,
      { direction: 'remove', amount_cents: 1001, note: 'Consumo', reference: 'USE-1' },
      via,
    );
    expect(refused).toEqual({
      ok: false,
      errors: { amount: 'errors.manager.credit.amount.below_zero' },
      availableCents: 1000,
    });
  });

  it('acts for a token: the audit names the token’s creator', async () => {
    const { r, account } = await setUp();
    const token = await createTokenActor(t.db, r.resellerId, r.partner.id);
    await adjustCredit(
      t.deps,
      token,
      account,
      { direction: 'add', amount_cents: 100, note: 'Pago', reference: 'T-1' },
      {},
    );
    const events = await t.db('audit_events').where({ action: 'account.credit_added', target_id: account.id });
    expect(events.map((e: { actor_user_id: number }) => e.actor_user_id)).toEqual([r.partner.id, r.partner.id]);
    expect(events[0].metadata).toMatchObject({ amount_cents: 100, reference: 'T-1' });
    expect(events.map((e: { actor_token_id: number }) => e.actor_token_id)).toEqual([token.tokenId, token.tokenId]);
  });
});

describe('the ledger listing', () => {
  it('pages newest first with each entry’s reference', async () => {
    const { account, actor, via } = await setUp();
    for (let i = 1; i <= 5; i++)
      await adjustCredit(
        t.deps,
        actor,
        account,
        { direction: 'add', amount_cents: i * 100, note: `N${i}`, reference: `R-${i}` },
        via,
      );
    const first = await ledgerPage(t.db, account.id, {}, 2);
    expect(first.rows.map((e) => e.reference)).toEqual(['R-5', 'R-4']);
    expect(first.next).not.toBeNull();
    const second = await ledgerPage(t.db, account.id, { after: first.next! }, 2);
    expect(second.rows.map((e) => e.reference)).toEqual(['R-3', 'R-2']);
    const last = await ledgerPage(t.db, account.id, { after: second.next! }, 2);
    expect(last.rows.map((e) => [e.reference, e.amount_cents])).toEqual([['R-1', 100]]);
    expect(last.next).toBeNull();
  });
});
