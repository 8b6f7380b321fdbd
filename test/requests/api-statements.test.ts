/*
 * What one billing-feed PUT costs the database (issue 19: ≥ 300 invoices/s on one process). Statements
 * are counted, never timed: every one is a round trip to PostgreSQL, whatever the machine's load.
 */
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createContactRow, createCustomerOf, createReseller } from '../helpers/factories';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
});
afterAll(() => t.close());

const invoice = {
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
};

/** The statements the app sends while `work` runs. */
async function statements(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  t.deps.db.on('query', listener);
  try {
    await work();
  } finally {
    t.deps.db.off('query', listener);
  }
  return seen;
}

it('a new invoice with three items, mailed to two «Facturas» contacts, is few round trips', async () => {
  const r = await createReseller(t.db);
  const customer = await createCustomerOf(t.db, r.resellerId);
  await createContactRow(t.db, customer, { emailTypes: ['invoice'] });
  await createContactRow(t.db, customer, { emailTypes: ['invoice'] });
  const { token } = await createApiToken(t.db, r.resellerId, { createdBy: r.partner.id });
  const api = apiClient(t.app, doc, token);
  await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
  await api.put(`/api/v1/accounts/${customer}/invoices/FAC-0001`, 201, invoice);

  const sql = await statements(() => api.put(`/api/v1/accounts/${customer}/invoices/FAC-0002`, 201, invoice));
  // The token and its rate-limit hit; the account (once); then BEGIN, the invoice with its number and
  // lines, the audit events of the account and its parent, the «Facturas» contacts with their
  // languages, their two messages, the webhook event with its deliveries, COMMIT. It was 16 before,
  // without the webhook (docs/benchmarks.md).
  expect(sql).toHaveLength(9);
  expect(sql.filter((q) => /from "accounts" as "a"/.test(q))).toHaveLength(1);
  expect(await t.db('mail_outbox').where({ account_id: customer, template: 'invoice_notice' }).count('* as n')).toEqual(
    [{ n: 4 }],
  );
  expect(await t.db('audit_events').where({ action: 'billing.invoice_created' }).count('* as n')).toEqual([{ n: 4 }]);
});
