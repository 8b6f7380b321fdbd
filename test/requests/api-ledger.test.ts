/* GET/POST /api/v1/accounts/{id}/ledger (issue 19, item 4): every answer checked against the published document. */
import type { ApiScope } from '../../src/domain/api-scopes';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createCreditEntry, createCustomerOf, createReseller, setAccountStatusRow } from '../helpers/factories';

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

const payment = (reference: string, amount = '1500.00') => ({ direction: 'add', amount, note: 'Pago', reference });

describe('POST /api/v1/accounts/{id}/ledger', () => {
  it('records a payment once: 201 with the entry, then 200 with the same entry for its reference', async () => {
    const { r, customer, api } = await setUp();
    const first = await api.post(`/api/v1/accounts/${customer}/ledger`, 201, payment('PAY-1', '99999999.99'));
    expect(first.body).toMatchObject({
      direction: 'add',
      amount: '99999999.99',
      currency: 'MXN',
      note: 'Pago',
      reference: 'PAY-1',
    });
    const again = await api.post(`/api/v1/accounts/${customer}/ledger`, 200, payment('PAY-1', '99999999.99'));
    expect(again.body).toEqual(first.body);
    expect(await t.db('credit_entries').where({ account_id: customer })).toHaveLength(1);
    const events = await t.db('audit_events').where({ action: 'account.credit_added', target_id: customer });
    expect(events.map((e: { account_id: number }) => e.account_id).sort()).toEqual([customer, r.resellerId].sort());
    expect(events[0].actor_user_id).toBe(r.partner.id);
  });

  it('makes one entry when two posts of one reference arrive at once', async () => {
    const { customer, api } = await setUp();
    const post = (status: number) => api.post(`/api/v1/accounts/${customer}/ledger`, status, payment('PAY-RACE'));
    const results = await Promise.allSettled([post(201), post(201)]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db('credit_entries').where({ account_id: customer })).toHaveLength(1);
  });

  it('refuses a removal below zero with 422 naming the amount and the figure available', async () => {
    const { customer, api } = await setUp();
    await createCreditEntry(t.db, customer, 1000, 'Crédito');
    const res = await api.post(`/api/v1/accounts/${customer}/ledger`, 422, {
      direction: 'remove',
      amount: '10.01',
      note: 'Consumo',
    });
    expect(res.body).toMatchObject({
      status: 422,
      available: '10.00',
      errors: [{ field: 'amount', code: 'below_zero' }],
    });
  });

  it('lists every invalid field at once, and refuses more than 100,000,000.00', async () => {
    const { customer, api } = await setUp();
    const res = await api.post(`/api/v1/accounts/${customer}/ledger`, 422, {
      direction: 'sideways',
      amount: '100000000.01',
      note: '',
    });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'direction', 'note']);
  });

  it('answers 404 for another reseller’s customer, 403 without credit:write, 409 on a closed account', async () => {
    const { customer } = await setUp();
    const other = await setUp();
    await other.api.post(`/api/v1/accounts/${customer}/ledger`, 404, payment('X'));
    const readOnly = await setUp(['accounts:read']);
    const res = await readOnly.api.post(`/api/v1/accounts/${readOnly.customer}/ledger`, 403, payment('X'));
    expect(res.body.code).toBe('insufficient_scope');
    await setAccountStatusRow(t.db, other.customer, 'closed');
    await other.api.post(`/api/v1/accounts/${other.customer}/ledger`, 409, payment('X'));
  });
});

describe('GET /api/v1/accounts/{id}/ledger', () => {
  it('answers the balance and the entries newest first with their references, paged by cursor', async () => {
    const { customer, api } = await setUp(['accounts:read', 'credit:write']);
    for (let i = 1; i <= 3; i++)
      await api.post(`/api/v1/accounts/${customer}/ledger`, 201, payment(`R-${i}`, `${i}.50`));
    await api.post(`/api/v1/accounts/${customer}/ledger`, 201, { direction: 'remove', amount: '1', note: 'Uso' });
    const first = await api.get(`/api/v1/accounts/${customer}/ledger?limit=2`, 200);
    expect(first.body.balance).toBe('6.50');
    expect(
      first.body.data.map((e: { reference: string | null; amount: string; direction: string }) => [
        e.reference,
        e.direction,
        e.amount,
      ]),
    ).toEqual([
      [null, 'remove', '1.00'],
      ['R-3', 'add', '3.50'],
    ]);
    const second = await api.get(`/api/v1/accounts/${customer}/ledger?limit=2&cursor=${first.body.next_cursor}`, 200);
    expect(second.body.data.map((e: { reference: string }) => e.reference)).toEqual(['R-2', 'R-1']);
    expect(second.body.next_cursor).toBeNull();
    await api.get(`/api/v1/accounts/${customer}/ledger?cursor=bm9wZQ`, 400);
  });
});
