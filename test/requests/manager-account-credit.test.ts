/* The credit ledger of an account below the partner's: GET/POST /manager/accounts/:id/credit (issue 9, item 4). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  allowPrepay,
  createCreditEntry,
  createCustomerOf,
  createMember,
  createReseller,
  setAccountStatusRow,
} from '../helpers/factories';

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

describe('the credit ledger', () => {
  it('adds and removes credit with a note; the balance is the sum of the entries, with who and when', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    await createCreditEntry(t.db, abc, 100000, 'Crédito inicial');
    const agent = await signIn(t.app, r.partner.email);

    const added = await credit(agent, abc, { direction: 'add', amount: '1,500.50', note: 'Pago de noviembre' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/manager/accounts/${abc}#credit-title`);
    const page = textOf((await agent.get(`/manager/accounts/${abc}`)).text);
    expect(page).toContain('Se agregaron $1,500.50 de crédito. Saldo: $2,500.50.');
    expect(page).toContain('Pago de noviembre');

    expect((await credit(agent, abc, { direction: 'remove', amount: '500', note: 'Ajuste' })).status).toBe(303);
    expect(await balance(abc)).toBe(200050);

    const ledger = await agent.get(`/manager/accounts/${abc}/credit`);
    expect(ledger.status).toBe(200);
    const text = textOf(ledger.text);
    expect(text).toContain('$2,000.50');
    expect(text).toMatch(/Ajuste Sergio Usuario -\$500\.00/);
    expect(text).toMatch(/Pago de noviembre Sergio Usuario \$1,500\.50/);
    expect(text.indexOf('Ajuste Sergio')).toBeLessThan(text.indexOf('Pago de noviembre Sergio'));
    const rows = await t.db('credit_entries').where({ account_id: abc }).orderBy('id');
    expect(rows.map((e: { amount_cents: number }) => e.amount_cents)).toEqual([100000, 150050, -50000]);
    expect(rows[2].actor_user_id).toBe(r.partner.id);
  });

  it('never takes the balance below zero without prepay (422, values kept); with prepay it may', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    await createCreditEntry(t.db, abc, 10000, 'Crédito inicial');
    const agent = await signIn(t.app, r.partner.email);

    const refused = await credit(agent, abc, { direction: 'remove', amount: '100.01', note: 'Demasiado' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('No hay crédito suficiente');
    expect(refused.text).toContain('value="100.01"');
    expect(refused.text).toContain('value="Demasiado"');
    expect(refused.text).toMatch(/value="remove" id="direction-remove" checked/);
    expect(await balance(abc)).toBe(10000);

    expect((await credit(agent, abc, { direction: 'remove', amount: '100', note: 'Todo' })).status).toBe(303);
    expect(await balance(abc)).toBe(0);

    await allowPrepay(t.db, abc);
    expect((await credit(agent, abc, { direction: 'remove', amount: '25', note: 'Llamadas' })).status).toBe(303);
    expect(await balance(abc)).toBe(-2500);
  });

  it('requires an amount, a direction and a note, and keeps what was typed', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId);
    const agent = await signIn(t.app, r.partner.email);
    const response = await credit(agent, abc, { amount: '12.345', note: '  ' });
    expect(response.status).toBe(422);
    const text = textOf(response.text);
    expect(text).toContain('Escribe un monto positivo con hasta dos decimales');
    expect(text).toContain('Elige si agregas o quitas crédito.');
    expect(text).toContain('Escribe una nota');
    expect(response.text).toContain('value="12.345"');
    const zero = await credit(agent, abc, { direction: 'add', amount: '0', note: 'Nada' });
    expect(textOf(zero.text)).toContain('El monto debe ser mayor que cero.');
    expect(await balance(abc)).toBe(0);
  });

  it('shows the billing system’s reference of an entry beside its note', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    await t
      .db('credit_entries')
      .insert({ account_id: abc, amount_cents: 50000, note: 'Pago', reference: 'PAGO-2026-0042' });
    const agent = await signIn(t.app, r.partner.email);
    const text = textOf((await agent.get(`/manager/accounts/${abc}/credit`)).text);
    expect(text).toMatch(/Pago Referencia: PAGO-2026-0042 .*\$500\.00/);
  });

  it('pages the history newest first, keeping the list on the left where it was', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    for (let i = 1; i <= 30; i++)
      await createCreditEntry(t.db, abc, 100 * i, `Movimiento ${String(i).padStart(2, '0')}`);
    const agent = await signIn(t.app, r.partner.email);
    const first = await agent.get(`/manager/accounts/${abc}/credit`);
    expect(first.text).toContain('Movimiento 30');
    expect(first.text).not.toContain('Movimiento 05');
    const next = new RegExp(`href="(/manager/accounts/${abc}/credit\\?after=\\d+)"`).exec(first.text)![1];
    const second = await agent.get(next);
    expect(second.text).toContain('Movimiento 05');
    expect(second.text).toMatch(new RegExp(`href="/manager/accounts/${abc}"[^>]*aria-current="page"`));
  });

  it('shows a closed account’s history without the form, and refuses entries (403)', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId);
    await setAccountStatusRow(t.db, abc, 'closed');
    const agent = await signIn(t.app, r.partner.email);
    const page = await agent.get(`/manager/accounts/${abc}/credit`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`action="/manager/accounts/${abc}/credit"`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const post = await agent
      .post(`/manager/accounts/${abc}/credit`)
      .type('form')
      .send({ direction: 'add', amount: '10', note: 'x', _csrf: token });
    expect(post.status).toBe(403);
  });

  it("answers 404 for another reseller's account and 403 for its own customer", async () => {
    const mine = await createReseller(t.db);
    const other = await createReseller(t.db, { platformId: mine.platformId });
    const theirs = await createCustomerOf(t.db, other.resellerId);
    const agent = await signIn(t.app, mine.partner.email);
    expect((await agent.get(`/manager/accounts/${theirs}/credit`)).status).toBe(404);
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/manager')).text)![1];
    const post = await agent
      .post(`/manager/accounts/${theirs}/credit`)
      .type('form')
      .send({ direction: 'add', amount: '10', note: 'x', _csrf: token });
    expect(post.status).toBe(404);
    const owner = await createMember(t.db, { role: 'owner', accountId: theirs });
    expect((await (await signIn(t.app, owner.email)).get(`/manager/accounts/${theirs}/credit`)).status).toBe(403);
    expect(await balance(theirs)).toBe(0);
  });

  it('is in the account’s activity and in the reseller’s, with the amount and the note', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc });
    const agent = await signIn(t.app, r.partner.email);
    await credit(agent, abc, { direction: 'add', amount: '250', note: 'Bono' });

    const childLog = textOf((await (await signIn(t.app, owner.email)).get('/activity')).text);
    expect(childLog).toContain('Sergio Usuario agregó crédito a la cuenta ($250.00 · Bono)');
    const parentLog = textOf((await agent.get('/activity')).text);
    expect(parentLog).toContain('Sergio Usuario agregó crédito a la cuenta: ABC Company ($250.00 · Bono)');
  });
});
