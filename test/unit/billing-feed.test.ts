/* The billing feed's services (issue 19, items 5 and 6): idempotent upserts, typed refusals, audit and mail. */
import { createTokenActor } from '../helpers/api';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createContactRow, createCustomerOf, createReseller, createUser } from '../helpers/factories';
import { userActor } from '../../src/domain/actor';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { accountNumbersPage, feedInvoicesPage, feedServicesPage } from '../../src/models/billing-feed';
import { upsertAccountNumber } from '../../src/services/billing/account-numbers';
import { upsertInvoice, type InvoiceInput } from '../../src/services/billing/invoices';
import { upsertService, type ServiceInput } from '../../src/services/billing/services';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function setUp() {
  const r = await createReseller(t.db);
  const id = await createCustomerOf(t.db, r.resellerId, { name: `ABC ${Math.random()}` });
  const account = (await findManagedAccount(t.db, r.resellerId, id)) as ManagedAccount;
  const actor = await createTokenActor(t.db, r.resellerId, r.partner.id);
  return { r, account, actor, via: { ip: '10.0.0.9' } };
}

const service = (values: Partial<ServiceInput> = {}): ServiceInput => ({
  account_number: '100200300',
  name: 'Troncal SIP 10 canales',
  kind: 'telephony',
  status: 'active',
  price_cents: 149900,
  currency: 'MXN',
  next_due_date: '2026-12-31',
  ...values,
});

const invoice = (values: Partial<InvoiceInput> = {}): InvoiceInput => ({
  account_number: '100200300',
  issued_on: '2026-12-01',
  due_on: '2026-12-15',
  currency: 'MXN',
  status: 'unpaid',
  items: [
    { description: 'Troncal SIP', quantity: 1, unit_price_cents: 149900 },
    { description: 'DID adicionales', quantity: 3, unit_price_cents: 5000 },
    { description: 'Consumo', quantity: 1, unit_price_cents: 12345 },
  ],
  total_cents: 177245,
  ...values,
});

const outbox = (accountId: number, template: string) =>
  t.db('mail_outbox').where({ account_id: accountId, template }).orderBy('id');
const events = (accountId: number, action: string) =>
  t.db('audit_events').where({ account_id: accountId, action }).orderBy('id');

describe('upsertAccountNumber', () => {
  it('creates, answers a replay with the same record and writes nothing, updates what changed', async () => {
    const { r, account, actor, via } = await setUp();
    const first = await upsertAccountNumber(
      t.deps,
      actor,
      account,
      '100200300',
      { label: 'Oficina', status: 'active' },
      via,
    );
    expect(first).toMatchObject({
      ok: true,
      created: true,
      changed: true,
      record: { number: '100200300', label: 'Oficina' },
    });
    const replay = await upsertAccountNumber(
      t.deps,
      actor,
      account,
      '100200300',
      { label: 'Oficina', status: 'active' },
      via,
    );
    expect(replay).toMatchObject({ ok: true, created: false, changed: false });
    const closed = await upsertAccountNumber(
      t.deps,
      actor,
      account,
      '100200300',
      { label: 'Oficina', status: 'closed' },
      via,
    );
    expect(closed).toMatchObject({ ok: true, created: false, changed: true, record: { status: 'closed' } });
    expect((await events(account.id, 'billing.account_number_created')).map((e) => e.metadata)).toEqual([
      { number: '100200300' },
    ]);
    expect(await events(account.id, 'billing.account_number_updated')).toHaveLength(1);
    expect(await events(r.resellerId, 'billing.account_number_updated')).toHaveLength(1);
    expect((await events(account.id, 'billing.account_number_created'))[0].actor_user_id).toBe(r.partner.id);
  });

  it('keeps numbers apart per account: two customers may both have 100200300', async () => {
    const one = await setUp();
    const two = await setUp();
    const input = { label: '', status: 'active' as const };
    expect(await upsertAccountNumber(t.deps, one.actor, one.account, '100200300', input)).toMatchObject({
      created: true,
    });
    expect(await upsertAccountNumber(t.deps, two.actor, two.account, '100200300', input)).toMatchObject({
      created: true,
    });
    expect(await upsertAccountNumber(t.deps, one.actor, one.account, '12AB', input)).toEqual({
      ok: false,
      errors: { number: 'errors.billing.number.invalid' },
    });
  });

  it('makes one row when the same new number arrives twice at once', async () => {
    const { account, actor } = await setUp();
    const input = { label: 'A', status: 'active' as const };
    const results = await Promise.all([
      upsertAccountNumber(t.deps, actor, account, '555000111', input),
      upsertAccountNumber(t.deps, actor, account, '555000111', input),
    ]);
    expect(results.map((x) => x.ok && x.created).sort()).toEqual([false, true]);
    expect((await accountNumbersPage(t.db, account.id, {})).rows).toHaveLength(1);
  });
});

describe('upsertService', () => {
  it('refuses a number the account does not have, naming account_number', async () => {
    const { account, actor } = await setUp();
    expect(await upsertService(t.deps, actor, account, 'SRV-1', service())).toEqual({
      ok: false,
      errors: { account_number: { key: 'errors.billing.account_number.unknown', params: { number: '100200300' } } },
    });
  });

  it('tells the «Productos» contacts when a service becomes active, suspended or cancelled, in their language, once', async () => {
    const { account, actor, via } = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    const english = await createUser(t.db, { email: `en-${Math.random()}@example.test` });
    await t.db('users').where({ id: english.id }).update({ locale: 'en' });
    await createContactRow(t.db, account.id, { email: english.email, emailTypes: ['product'] });
    const spanish = await createContactRow(t.db, account.id, { emailTypes: ['product', 'invoice'] });
    await createContactRow(t.db, account.id, { emailTypes: ['invoice', 'domain'] });

    const created = await upsertService(t.deps, actor, account, 'SRV-1', service(), via);
    expect(created).toMatchObject({
      ok: true,
      created: true,
      record: { external_id: 'SRV-1', account_number: '100200300', kind: 'telephony', price_cents: 149900 },
    });
    let mail = await outbox(account.id, 'service_status');
    expect(mail.map((m) => [m.to_addresses[0], m.category, m.subject]).sort()).toEqual(
      [
        [english.email, 'product', 'Your service Troncal SIP 10 canales is active'],
        [spanish.email, 'product', 'Tu servicio Troncal SIP 10 canales está activo'],
      ].sort(),
    );

    expect(await upsertService(t.deps, actor, account, 'SRV-1', service(), via)).toMatchObject({ changed: false });
    expect(await upsertService(t.deps, actor, account, 'SRV-1', service({ price_cents: 1 }), via)).toMatchObject({
      changed: true,
    });
    expect(await outbox(account.id, 'service_status')).toHaveLength(2);
    await upsertService(t.deps, actor, account, 'SRV-1', service({ price_cents: 1, status: 'suspended' }), via);
    mail = await outbox(account.id, 'service_status');
    expect(mail).toHaveLength(4);
    expect(mail.map((m) => m.subject)).toContain('Tu servicio Troncal SIP 10 canales está suspendido');
    expect(await events(account.id, 'billing.service_updated')).toHaveLength(2);
  });

  it('tells the «Dominios» contacts about a domain, and nobody about a pending service', async () => {
    const { account, actor } = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    const domains = await createContactRow(t.db, account.id, { emailTypes: ['domain'] });
    await createContactRow(t.db, account.id, { emailTypes: ['product'] });
    await upsertService(
      t.deps,
      actor,
      account,
      'DOM-1',
      service({ kind: 'domain', name: 'abc.mx', status: 'pending' }),
    );
    expect(await outbox(account.id, 'service_status')).toHaveLength(0);
    await upsertService(
      t.deps,
      actor,
      account,
      'DOM-1',
      service({ kind: 'domain', name: 'abc.mx', status: 'cancelled' }),
    );
    const mail = await outbox(account.id, 'service_status');
    expect(mail.map((m) => [m.to_addresses, m.category, m.subject])).toEqual([
      [[domains.email], 'domain', 'Tu servicio abc.mx se canceló'],
    ]);
  });
});

describe('upsertInvoice', () => {
  it('refuses a total that is not the sum of the items, naming total with the sum', async () => {
    const { account, actor } = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    expect(await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice({ total_cents: 177244 }))).toEqual({
      ok: false,
      errors: { total: { key: 'errors.billing.total.mismatch', params: { sum: '1772.45' } } },
    });
    expect(await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice({ account_number: '999999999' }))).toEqual({
      ok: false,
      errors: { account_number: { key: 'errors.billing.account_number.unknown', params: { number: '999999999' } } },
    });
    const bad = await upsertInvoice(
      t.deps,
      actor,
      account,
      'FAC-0001',
      invoice({ due_on: '2026-11-01', items: [{ description: '', quantity: 0, unit_price_cents: 1 }], total_cents: 0 }),
    );
    expect(bad.ok === false && Object.keys(bad.errors).sort()).toEqual(
      ['due_on', 'items.0.description', 'items.0.quantity'].sort(),
    );
    expect((await feedInvoicesPage(t.db, account.id, {})).rows).toEqual([]);
  });

  it('e-mails a new unpaid invoice to the «Facturas» contacts once; a replay or an update sends nothing', async () => {
    const { r, account, actor, via } = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    const billing = await createContactRow(t.db, account.id, { emailTypes: ['invoice'] });
    await createContactRow(t.db, account.id, { emailTypes: ['product'] });

    const created = await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice(), via);
    expect(created).toMatchObject({
      ok: true,
      created: true,
      record: { number: 'FAC-0001', total_cents: 177245, status: 'unpaid', account_number: '100200300' },
    });
    if (!created.ok) throw new Error('refused');
    expect(created.record.items).toEqual([
      { description: 'Troncal SIP', quantity: 1, unit_price_cents: 149900, amount_cents: 149900 },
      { description: 'DID adicionales', quantity: 3, unit_price_cents: 5000, amount_cents: 15000 },
      { description: 'Consumo', quantity: 1, unit_price_cents: 12345, amount_cents: 12345 },
    ]);
    const mail = await outbox(account.id, 'invoice_notice');
    expect(mail.map((m) => [m.to_addresses, m.category])).toEqual([[[billing.email], 'invoice']]);
    expect(mail[0].text_body).toContain('$1,772.45');

    expect(await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice(), via)).toMatchObject({
      created: false,
      changed: false,
    });
    const paid = await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice({ status: 'paid' }), via);
    expect(paid).toMatchObject({ created: false, changed: true, record: { status: 'paid' } });
    const fewer = await upsertInvoice(
      t.deps,
      actor,
      account,
      'FAC-0001',
      invoice({
        status: 'paid',
        items: [{ description: 'Todo', quantity: 2, unit_price_cents: 50 }],
        total_cents: 100,
      }),
      via,
    );
    expect(fewer.ok && fewer.record.items).toEqual([
      { description: 'Todo', quantity: 2, unit_price_cents: 50, amount_cents: 100 },
    ]);
    expect(await outbox(account.id, 'invoice_notice')).toHaveLength(1);
    expect(await events(account.id, 'billing.invoice_created')).toHaveLength(1);
    expect(await events(account.id, 'billing.invoice_updated')).toHaveLength(2);
    expect(await events(r.resellerId, 'billing.invoice_created')).toHaveLength(1);
  });

  it('sends nothing for an invoice first stored as paid', async () => {
    const { account, actor } = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    await createContactRow(t.db, account.id, { emailTypes: ['invoice'] });
    await upsertInvoice(t.deps, actor, account, 'FAC-0002', invoice({ status: 'paid' }));
    expect(await outbox(account.id, 'invoice_notice')).toHaveLength(0);
  });

  it('lets two customers both have FAC-0001, and two posts of one new invoice at once make one invoice and one e-mail', async () => {
    const one = await setUp();
    const two = await setUp();
    for (const x of [one, two]) {
      await upsertAccountNumber(t.deps, x.actor, x.account, '100200300', { label: '', status: 'active' });
      await createContactRow(t.db, x.account.id, { emailTypes: ['invoice'] });
    }
    const results = await Promise.all([
      upsertInvoice(t.deps, one.actor, one.account, 'FAC-0001', invoice()),
      upsertInvoice(t.deps, one.actor, one.account, 'FAC-0001', invoice()),
      upsertInvoice(t.deps, two.actor, two.account, 'FAC-0001', invoice()),
    ]);
    expect(results.map((x) => x.ok && x.created)).toEqual(expect.arrayContaining([true, false, true]));
    expect((await feedInvoicesPage(t.db, one.account.id, {})).rows).toHaveLength(1);
    expect((await feedInvoicesPage(t.db, two.account.id, {})).rows).toHaveLength(1);
    expect(await outbox(one.account.id, 'invoice_notice')).toHaveLength(1);
    expect(await outbox(two.account.id, 'invoice_notice')).toHaveLength(1);
  });
});

describe('the lists for the API', () => {
  it('page by id with the items and the account number, only the account’s own', async () => {
    const { account, actor } = await setUp();
    const other = await setUp();
    await upsertAccountNumber(t.deps, actor, account, '100200300', { label: '', status: 'active' });
    await upsertAccountNumber(t.deps, other.actor, other.account, '100200300', { label: '', status: 'active' });
    for (let i = 1; i <= 3; i++) {
      await upsertInvoice(t.deps, actor, account, `FAC-${i}`, invoice());
      await upsertService(t.deps, actor, account, `SRV-${i}`, service());
    }
    await upsertInvoice(t.deps, other.actor, other.account, 'FAC-9', invoice());
    const first = await feedInvoicesPage(t.db, account.id, {}, 2);
    expect(first.rows.map((x) => x.number)).toEqual(['FAC-1', 'FAC-2']);
    expect(first.rows[0].items).toHaveLength(3);
    const second = await feedInvoicesPage(t.db, account.id, { after: first.next! }, 2);
    expect(second.rows.map((x) => x.number)).toEqual(['FAC-3']);
    expect(second.next).toBeNull();
    const services = await feedServicesPage(t.db, account.id, {}, 10);
    expect(services.rows.map((x) => [x.external_id, x.account_number])).toEqual([
      ['SRV-1', '100200300'],
      ['SRV-2', '100200300'],
      ['SRV-3', '100200300'],
    ]);
    expect(userActor(1)).toEqual({ kind: 'user', userId: 1 });
  });
});
