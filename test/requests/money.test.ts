/* Money in bigint cents (issue 18, item 3): amounts up to 100,000,000.00 are stored and shown, never a 500. */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  accountNumberId,
  createAccountNumber,
  createCustomerOf,
  createInvoice,
  createMember,
  createReseller,
  createService,
} from '../helpers/factories';
import { wizardToReview } from '../helpers/wizard';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const credit = (agent: Agent, id: number, body: Record<string, unknown>) =>
  submitForm(agent, `/manager/accounts/${id}/credit`, `/manager/accounts/${id}/credit`, body);

async function balance(accountId: number): Promise<number> {
  const row = await t.db('credit_entries').where({ account_id: accountId }).sum({ s: 'amount_cents' }).first();
  return Number(row?.s ?? 0);
}

describe('money above a 32-bit integer', () => {
  it('creates a wizard account with 50,000,000.00 of initial credit and shows it', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const wizard = await wizardToReview(agent, { name: 'Gran Crédito', credit: '50,000,000.00' });
    const created = await wizard.post('review', {}, 'create');
    expect(created.response.status).toBe(303);
    const account = await t.db('accounts').where({ parent_id: r.resellerId, name: 'Gran Crédito' }).first();
    expect(await balance(account.id)).toBe(5_000_000_000);
    expect(textOf(created.next!.text)).toContain('$50,000,000.00');
  });

  it('adds 99,999,999.99 through «Agregar» and shows the entry and the balance; refuses more than 100,000,000.00', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    const added = await credit(agent, abc, { direction: 'add', amount: '99,999,999.99', note: 'Pago grande' });
    expect(added.status).toBe(303);
    const page = textOf((await agent.get(`/manager/accounts/${abc}`)).text);
    expect(page).toContain('Se agregaron $99,999,999.99 de crédito. Saldo: $99,999,999.99.');
    const ledger = textOf((await agent.get(`/manager/accounts/${abc}/credit`)).text);
    expect(ledger).toMatch(/Pago grande .* \$99,999,999\.99/);

    expect((await credit(agent, abc, { direction: 'add', amount: '100000000', note: 'Tope' })).status).toBe(303);
    expect(await balance(abc)).toBe(19_999_999_999);
    const over = await credit(agent, abc, { direction: 'add', amount: '100000000.01', note: 'Demasiado' });
    expect(over.status).toBe(422);
    expect(textOf(over.text)).toContain('El monto es demasiado grande para un solo movimiento.');
    expect(textOf((await agent.get(`/manager/accounts/${abc}/credit`)).text)).toContain('$199,999,999.99');
  });

  it('shows invoices and services above 21,474,836.47 to the customer', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const number = await createAccountNumber(t.db, owner.accountId);
    const numberId = await accountNumberId(t.db, number);
    await createService(t.db, owner.accountId, numberId, { name: 'Troncal mayor', priceCents: 3_000_000_000 });
    await createInvoice(t.db, owner.accountId, numberId, {
      number: 'FAC-GRANDE',
      totalCents: 9_999_999_999,
      items: [{ description: 'Todo', amountCents: 9_999_999_999 }],
    });
    const agent = await signIn(t.app, owner.email);
    expect(textOf((await agent.get('/services')).text)).toContain('$30,000,000.00');
    expect(textOf((await agent.get('/invoices')).text)).toContain('$99,999,999.99');
    expect(textOf((await agent.get('/invoices/FAC-GRANDE')).text)).toContain('$99,999,999.99');
    expect(textOf((await agent.get('/')).text)).toContain('$99,999,999.99');
  });
});
