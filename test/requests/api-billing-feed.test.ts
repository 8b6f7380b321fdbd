/* PUT + GET account numbers, services and invoices (issue 19, items 5 and 6), checked against the published document. */
import type { ApiScope } from '../../src/domain/api-scopes';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createAccount, createContactRow, createCustomerOf, createReseller } from '../helpers/factories';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
});
afterAll(() => t.close());

async function setUp(scopes?: ApiScope[]) {
  const r = await createReseller(t.db);
  const customer = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
  const { token } = await createApiToken(t.db, r.resellerId, { name: 'Facturación', createdBy: r.partner.id, scopes });
  return { r, customer, api: apiClient(t.app, doc, token) };
}

const invoice = (values: Record<string, unknown> = {}) => ({
  account_number: '100200300',
  issued_on: '2026-12-01',
  due_on: '2026-12-15',
  currency: 'MXN',
  status: 'unpaid',
  items: [
    { description: 'Troncal SIP', quantity: 1, unit_price: '1499.00' },
    { description: 'DID adicionales', quantity: 3, unit_price: '50.00' },
    { description: 'Consumo', quantity: 1, unit_price: '123.45' },
  ],
  total: '1772.45',
  ...values,
});

const service = (values: Record<string, unknown> = {}) => ({
  account_number: '100200300',
  name: 'Troncal SIP 10 canales',
  kind: 'telephony',
  status: 'active',
  price: '1499.00',
  currency: 'MXN',
  next_due_date: '2026-12-31',
  ...values,
});

describe('the billing feed', () => {
  it('creates (201, Location) and updates (200) an account number, and lists it', async () => {
    const { customer, api } = await setUp();
    const path = `/api/v1/accounts/${customer}/account-numbers/100200300`;
    const created = await api.put(path, 201, { label: 'Oficina', status: 'active' });
    expect(created.headers.location).toBe(path);
    expect(created.body).toMatchObject({ number: '100200300', label: 'Oficina', status: 'active' });
    expect((await api.put(path, 200, { label: 'Oficina', status: 'active' })).body).toEqual(created.body);
    expect((await api.put(path, 200, { label: 'Matriz', status: 'closed' })).body).toMatchObject({ label: 'Matriz' });
    const list = await api.get(`/api/v1/accounts/${customer}/account-numbers`, 200);
    expect(list.body).toEqual({
      data: [expect.objectContaining({ number: '100200300', label: 'Matriz' })],
      next_cursor: null,
    });
    // A number that cannot be one names nothing: 404, like a missing account (test/requests/malformed-ids.test.ts).
    const bad = await api.put(`/api/v1/accounts/${customer}/account-numbers/12AB`, 404, { label: '' });
    expect(bad.body.code).toBe('not_found');
  });

  it('puts services by their external id; an unknown account number is a 422 naming account_number', async () => {
    const { customer, api } = await setUp();
    const path = `/api/v1/accounts/${customer}/services/SRV-1`;
    const unknown = await api.put(path, 422, service());
    expect(unknown.body.errors).toEqual([
      { field: 'account_number', code: 'unknown', message: 'The account has no account number 100200300.' },
    ]);
    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    const created = await api.put(path, 201, service());
    expect(created.body).toMatchObject({ external_id: 'SRV-1', price: '1499.00', kind: 'telephony' });
    await api.put(path, 200, service({ status: 'suspended' }));
    const list = await api.get(`/api/v1/accounts/${customer}/services?limit=1`, 200);
    expect(list.body.data).toEqual([expect.objectContaining({ external_id: 'SRV-1', status: 'suspended' })]);
  });

  it('puts an invoice with its items: 201 and one e-mail to the «Facturas» contact, a replay 200 and nothing more', async () => {
    const { customer, api } = await setUp();
    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    const billing = await createContactRow(t.db, customer, { emailTypes: ['invoice'] });
    const path = `/api/v1/accounts/${customer}/invoices/FAC-0001`;
    const created = await api.put(path, 201, invoice());
    expect(created.body).toMatchObject({ number: 'FAC-0001', total: '1772.45', status: 'unpaid' });
    expect(created.body.items[1]).toEqual({
      description: 'DID adicionales',
      quantity: 3,
      unit_price: '50.00',
      amount: '150.00',
    });
    expect((await api.put(path, 200, invoice())).body).toEqual(created.body);
    await api.put(path, 200, invoice({ status: 'paid' }));
    const mail = await t.db('mail_outbox').where({ template: 'invoice_notice', account_id: customer });
    expect(mail.map((m: { to_addresses: string[] }) => m.to_addresses)).toEqual([[billing.email]]);
    const list = await api.get(`/api/v1/accounts/${customer}/invoices`, 200);
    expect(list.body.data).toEqual([expect.objectContaining({ number: 'FAC-0001', status: 'paid' })]);
  });

  it('refuses a total that is not the sum of the items (422 naming total), and lists every invalid field at once', async () => {
    const { customer, api } = await setUp();
    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    const path = `/api/v1/accounts/${customer}/invoices/FAC-0001`;
    const mismatch = await api.put(path, 422, invoice({ total: '1772.44' }));
    expect(mismatch.body.errors).toEqual([
      { field: 'total', code: 'mismatch', message: 'The total does not match the sum of the lines (1772.45).' },
    ]);
    const invalid = await api.put(
      path,
      422,
      invoice({ status: 'gone', items: [{ description: '', unit_price: 'x' }] }),
    );
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['items.0.description', 'items.0.unit_price', 'status'].sort(),
    );
  });

  it('keeps numbers per customer: two resellers both put FAC-0001; another reseller’s customer is a 404', async () => {
    const one = await setUp();
    const two = await setUp();
    for (const x of [one, two]) {
      await x.api.put(`/api/v1/accounts/${x.customer}/account-numbers/100200300`, 201, { label: '' });
      await x.api.put(`/api/v1/accounts/${x.customer}/invoices/FAC-0001`, 201, invoice());
    }
    await one.api.put(`/api/v1/accounts/${two.customer}/invoices/FAC-0001`, 404, invoice());
    await one.api.get(`/api/v1/accounts/${two.customer}/invoices`, 404);
    await one.api.put(`/api/v1/accounts/${two.customer}/account-numbers/100200300`, 404, { label: '' });
  });

  it('writes billing data to customer accounts only: the platform’s token may feed a reseller’s customer, not the reseller', async () => {
    const platformId = await createAccount(t.db, { kind: 'platform', sections: [] });
    const r = await createReseller(t.db, { platformId });
    const customer = await createCustomerOf(t.db, r.resellerId);
    const { token } = await createApiToken(t.db, platformId);
    const api = apiClient(t.app, doc, token);
    const reseller = `/api/v1/accounts/${r.resellerId}`;
    const refused = await api.put(`${reseller}/account-numbers/100200300`, 409, { label: '' });
    expect(refused.body).toMatchObject({ code: 'not_a_customer_account', status: 409 });
    expect((await api.put(`${reseller}/services/SRV-1`, 409, service())).body.code).toBe('not_a_customer_account');
    expect((await api.put(`${reseller}/invoices/FAC-0001`, 409, invoice())).body.code).toBe('not_a_customer_account');
    expect(await t.db('account_numbers').where({ account_id: r.resellerId }).count('* as n')).toEqual([{ n: 0 }]);

    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    await api.put(`/api/v1/accounts/${customer}/invoices/FAC-0001`, 201, invoice());
  });

  // Issue 19: ≥ 300 invoices/s on one process. Statements are counted, never timed: each is a round
  // trip to PostgreSQL, whatever the machine's load (docs/benchmarks.md).
  it('writes a new invoice with three items, mailed to two «Facturas» contacts, in 2 statements', async () => {
    const { customer, api } = await setUp();
    await createContactRow(t.db, customer, { emailTypes: ['invoice'] });
    await createContactRow(t.db, customer, { emailTypes: ['invoice'] });
    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    t.deps.db.on('query', listener);
    try {
      await api.put(`/api/v1/accounts/${customer}/invoices/FAC-0002`, 201, invoice());
    } finally {
      t.deps.db.off('query', listener);
    }
    // The token with its rate-limit hit and the path's account below it; then one statement, which
    // commits on its own without waiting for the WAL flush (docs/operations.md): the invoice with its
    // number and lines, the audit events of the account and its parent, the «Facturas» contacts'
    // messages in their languages, the webhook event with its deliveries. It was 16, then 9.
    expect(sql).toHaveLength(2);
    // The token's statement and the invoice's each set it for themselves.
    expect(sql.filter((q) => /set_config\('synchronous_commit', 'off', true\)/.test(q))).toHaveLength(2);
    expect(sql.filter((q) => /^(BEGIN|COMMIT)/.test(q))).toEqual([]);
    const stored = await t.db('invoices').where({ account_id: customer, number: 'FAC-0002' }).first('id', 'created_at');
    const mail = await t.db('mail_outbox').where({ account_id: customer, template: 'invoice_notice' }).count('* as n');
    expect(mail).toEqual([{ n: 2 }]);
    const audit = await t.db('audit_events').where({ action: 'billing.invoice_created', target_id: customer });
    expect(audit.map((a) => a.metadata)).toEqual([{ number: 'FAC-0002' }, { number: 'FAC-0002' }]);
    // The event carries the invoice as GET answers it, with the id the statement gave it.
    const event = await t.db('webhook_events').where({ account_id: customer, type: 'invoice.created' }).first('data');
    expect(event.data).toMatchObject({
      id: stored.id,
      number: 'FAC-0002',
      created_at: stored.created_at.toISOString(),
    });
  });

  it('needs billing:write to write and accounts:read to list', async () => {
    const readOnly = await setUp(['accounts:read']);
    const res = await readOnly.api.put(`/api/v1/accounts/${readOnly.customer}/account-numbers/100200300`, 403, {
      label: '',
    });
    expect(res.body.code).toBe('insufficient_scope');
    await readOnly.api.get(`/api/v1/accounts/${readOnly.customer}/invoices`, 200);
    const writeOnly = await setUp(['billing:write']);
    await writeOnly.api.get(`/api/v1/accounts/${writeOnly.customer}/services`, 403);
  });
});
