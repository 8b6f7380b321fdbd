import { userActor } from '../../src/domain/actor';
/* The Accounts Manager's services after creation: each one transaction with its audit trail, and the pool and ledger rules under concurrency. */
import { buildTestApp, type TestApp } from '../helpers/app';
import {
  accountSettingsBody,
  createCreditEntry,
  createCustomerOf,
  createMember,
  createPlatformStaff,
  createReseller,
  managerUserFor,
} from '../helpers/factories';
import { parseAccountSettings, type AccountSettingsInput } from '../../src/forms/manager/account-settings';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { adjustCredit } from '../../src/services/accounts/credit';
import { recordManagedAudit } from '../../src/services/accounts/managed-audit';
import { closeManagedAccount, suspendManagedAccount } from '../../src/services/accounts/status';
import { addManagedSupportContact } from '../../src/services/accounts/support-contacts';
import { updateManagedAccount } from '../../src/services/accounts/update-account';
import { inviteToManagedAccount } from '../../src/services/accounts/users';
import type { MemberUser } from '../../src/current-user';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function setUp(pool = { inbound: 10, outbound: 10, twoway: 4 }) {
  const r = await createReseller(t.db, { pool, name: `Acme ${Math.random()}` });
  const partner = await managerUserFor(t.db, r.partner.id, r.resellerId);
  const managed = async (id: number) => (await findManagedAccount(t.db, r.resellerId, id)) as ManagedAccount;
  return { r, partner, managed };
}

function settings(overrides: Record<string, unknown>): AccountSettingsInput {
  const form = parseAccountSettings(accountSettingsBody(overrides), {
    pool: false,
    offered: ['tickets', 'users', 'support_contacts', 'telephony'],
  });
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  return form.data;
}

const trunks = (inbound: number) => ({ inbound_trunks: String(inbound), outbound_trunks: '0', twoway_trunks: '0' });

describe('updateManagedAccount', () => {
  it('never lets partners editing at once hold more than the pool: 20 raises of two customers, all counted', async () => {
    const { r, partner, managed } = await setUp({ inbound: 10, outbound: 10, twoway: 4 });
    const a = await managed(await createCustomerOf(t.db, r.resellerId, { name: 'A' }));
    const b = await managed(await createCustomerOf(t.db, r.resellerId, { name: 'B' }));
    const other = await managerUserFor(
      t.db,
      (await createMember(t.db, { accountId: r.resellerId, role: 'admin' })).id,
      r.resellerId,
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateManagedAccount(
          t.deps,
          userActor((i % 2 ? partner : other).id),
          i % 2 ? a : b,
          settings({ name: i % 2 ? 'A' : 'B', ...trunks(1 + (i % 7)) }),
        ),
      ),
    );
    const rows = await t.db('accounts').whereIn('id', [a.id, b.id]).select('inbound_trunks');
    const held = rows.reduce((sum: number, x: { inbound_trunks: number }) => sum + x.inbound_trunks, 0);
    expect(held).toBeLessThanOrEqual(10);
    const refused = results.filter((x) => !x.ok);
    for (const x of refused)
      expect(x).toMatchObject({
        ok: false,
        errors: { 'trunks.inbound': { key: 'errors.manager.restrictions.trunks.over_pool' } },
      });
    expect(results.some((x) => x.ok)).toBe(true);
  });

  it('refuses more than the room left, with the figure, and always allows lowering', async () => {
    const { r, partner, managed } = await setUp({ inbound: 10, outbound: 10, twoway: 4 });
    const a = await managed(
      await createCustomerOf(t.db, r.resellerId, { name: 'A', trunks: { inbound: 4, outbound: 0, twoway: 0 } }),
    );
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 5, outbound: 0, twoway: 0 } });
    expect(await updateManagedAccount(t.deps, userActor(partner.id), a, settings({ name: 'A', ...trunks(6) }))).toEqual(
      {
        ok: false,
        errors: { 'trunks.inbound': { key: 'errors.manager.restrictions.trunks.over_pool', params: { n: '5' } } },
        room: { inbound: 5, outbound: 10, twoway: 4 },
      },
    );
    expect(
      await updateManagedAccount(t.deps, userActor(partner.id), a, settings({ name: 'A', ...trunks(5) })),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await updateManagedAccount(t.deps, userActor(partner.id), a, settings({ name: 'A', ...trunks(0) })),
    ).toMatchObject({
      ok: true,
    });
  });

  it('writes nothing and records nothing when nothing changed', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' }));
    const first = await updateManagedAccount(t.deps, userActor(partner.id), a, settings({}));
    expect(first.ok && first.changed.length).toBeGreaterThan(0);
    expect(await updateManagedAccount(t.deps, userActor(partner.id), a, settings({}))).toEqual({
      ok: true,
      changed: [],
    });
    expect(await t.db('audit_events').where({ action: 'account.updated', target_id: a.id }).select('id')).toHaveLength(
      2,
    );
  });

  it('keeps a reseller’s pool above what its customers hold', async () => {
    const { r } = await setUp({ inbound: 20, outbound: 20, twoway: 5 });
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 12, outbound: 0, twoway: 5 } });
    const admin = await managerUserFor(t.db, (await createPlatformStaff(t.db, r.platformId, 'owner')).id, r.platformId);
    const reseller = (await findManagedAccount(t.db, r.platformId, r.resellerId))!;
    const form = parseAccountSettings(
      accountSettingsBody({
        name: reseller.name,
        pool_inbound_trunks: '11',
        pool_outbound_trunks: '0',
        pool_twoway_trunks: '5',
      }),
      { pool: true, offered: ['tickets', 'users', 'support_contacts', 'telephony'] },
    );
    if (!form.ok) throw new Error('invalid');
    expect(await updateManagedAccount(t.deps, userActor(admin.id), reseller, form.data)).toEqual({
      ok: false,
      errors: { 'pool.inbound': { key: 'errors.manager.edit.pool.below_allocated', params: { n: '12' } } },
      room: undefined,
    });
  });
});

describe('adjustCredit', () => {
  it('counts removals made at once one after the other: the balance never goes below zero without prepay', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId));
    await createCreditEntry(t.db, a.id, 10000, 'Crédito inicial');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        adjustCredit(t.deps, userActor(partner.id), a, { direction: 'remove', amount_cents: 3000, note: 'Consumo' }),
      ),
    );
    expect(results.filter((x) => x.ok)).toHaveLength(3);
    const sum = await t.db('credit_entries').where({ account_id: a.id }).sum({ s: 'amount_cents' }).first();
    expect(Number(sum?.s)).toBe(1000);
    // Over the whole table: every account's balance is the sum of its entries, none negative without prepay.
    const negative = await t.db.raw(`
      SELECT a.id FROM accounts a JOIN credit_entries e ON e.account_id = a.id
       WHERE NOT a.allow_prepay GROUP BY a.id HAVING sum(e.amount_cents) < 0`);
    expect(negative.rows).toEqual([]);
  });

  it('records the entry by the user and the event in the account and its parent', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId));
    expect(
      await adjustCredit(
        t.deps,
        userActor(partner.id),
        a,
        { direction: 'add', amount_cents: 2500, note: 'Bono' },
        { ip: '10.0.0.9' },
      ),
    ).toMatchObject({ ok: true, created: true, balanceCents: 2500, entry: { amount_cents: 2500, reference: null } });
    const events = await t.db('audit_events').where({ action: 'account.credit_added', target_id: a.id }).orderBy('id');
    expect(events.map((e: { account_id: number }) => e.account_id)).toEqual([a.id, r.resellerId]);
    expect(events[0]).toMatchObject({
      actor_user_id: partner.id,
      ip: '10.0.0.9',
      metadata: { amount_cents: 2500, note: 'Bono' },
    });
  });
});

describe('suspend and close', () => {
  it('moves only from the right state, and tells the owner once', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId, { name: 'ABC' }));
    const owner = await createMember(t.db, { role: 'owner', accountId: a.id });
    expect(await suspendManagedAccount(t.deps, userActor(partner.id), a)).toBe(true);
    expect(await suspendManagedAccount(t.deps, userActor(partner.id), a)).toBe(false);
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'account_suspended' })
        .whereRaw('? = ANY(to_addresses)', [owner.email])
        .select('id'),
    ).toHaveLength(1);
    expect(await closeManagedAccount(t.deps, userActor(partner.id), a)).toEqual({ ok: true });
    expect(await closeManagedAccount(t.deps, userActor(partner.id), a)).toEqual({ ok: false, reason: 'closed' });
  });

  it('keeps a reseller with open customers open', async () => {
    const { r } = await setUp();
    await createCustomerOf(t.db, r.resellerId);
    await createCustomerOf(t.db, r.resellerId);
    const admin = await managerUserFor(t.db, (await createPlatformStaff(t.db, r.platformId, 'admin')).id, r.platformId);
    const reseller = (await findManagedAccount(t.db, r.platformId, r.resellerId))!;
    expect(await closeManagedAccount(t.deps, userActor(admin.id), reseller)).toEqual({
      ok: false,
      reason: 'open_children',
      n: 2,
    });
  });
});

describe('inviteToManagedAccount', () => {
  it('makes exactly one owner when two invitations for an account without one arrive at once', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId));
    const results = await Promise.all(
      ['uno@abc.test', 'dos@abc.test'].map((email) =>
        inviteToManagedAccount(t.deps, userActor(partner.id), a, {
          first_name: 'X',
          last_name: 'Y',
          email,
          title: '',
          locale: 'es',
        }),
      ),
    );
    expect(results.map((x) => x.ok && x.owner).sort()).toEqual([false, true]);
    expect(await t.db('memberships').where({ account_id: a.id }).orderBy('role').pluck('role')).toEqual([
      'admin',
      'owner',
    ]);
  });
});

describe('recordManagedAudit', () => {
  it('writes a platform admin’s work on a reseller’s customer in the customer, the reseller and the platform', async () => {
    const { r } = await setUp();
    const c = await createCustomerOf(t.db, r.resellerId);
    const admin: MemberUser = await managerUserFor(
      t.db,
      (await createPlatformStaff(t.db, r.platformId, 'owner')).id,
      r.platformId,
    );
    await recordManagedAudit(t.deps, admin, { id: c, parent_id: r.resellerId }, { action: 'account.suspended' });
    const where = await t
      .db('audit_events')
      .where({ action: 'account.suspended', target_id: c })
      .orderBy('id')
      .pluck('account_id');
    expect(where).toEqual([c, r.resellerId, r.platformId]);
  });

  it('adds support contacts in one transaction with both events', async () => {
    const { r, partner, managed } = await setUp();
    const a = await managed(await createCustomerOf(t.db, r.resellerId));
    expect(await addManagedSupportContact(t.deps, userActor(partner.id), a, { email: 'ti@abc.test' })).toEqual({
      ok: true,
      added: ['ti@abc.test'],
      removed: [],
      // The list before and after, for the activity log (issue 22, item 12).
      changes: [{ field: 'support_contacts', before: [], after: ['ti@abc.test'] }],
    });
    expect(
      await t
        .db('audit_events')
        .where({ action: 'support_contact.added', target_id: a.id })
        .orderBy('id')
        .pluck('account_id'),
    ).toEqual([a.id, r.resellerId]);
  });
});
