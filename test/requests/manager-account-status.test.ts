/* Suspend, reactivate and close an account below the partner's (issue 9, item 4), and the staff page's link (item 5). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { lastMail } from '../helpers/mail';
import {
  createCustomerOf,
  createMember,
  createPlatformStaff,
  createReseller,
  TEST_PASSWORD,
} from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Presses a button of the account page (suspend, reactivate) like a browser. */
const press = (agent: Agent, id: number, action: string) =>
  submitForm(agent, `/manager/accounts/${id}`, `/manager/accounts/${id}/${action}`, {});

async function status(id: number): Promise<string> {
  const row: { status: string } = await t.db('accounts').where({ id }).first('status');
  return row.status;
}

const rowsOf = async (table: string, accountId: number) =>
  (await t.db(table).where({ account_id: accountId }).select('id')).length;

const canSignIn = async (email: string) =>
  (await submitForm(newAgent(t.app), '/login', '/login', { email, password: TEST_PASSWORD })).status === 303;

describe('suspend and reactivate', () => {
  it('suspends: its users cannot sign in, its data stays, its owner is told; reactivating lets them back', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom', firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc, firstName: 'Patricia' });
    const agent = await signIn(t.app, r.partner.email);

    const page = await agent.get(`/manager/accounts/${abc}`);
    expect(page.text).toContain(`href="/manager/accounts/${abc}/suspend"`);
    expect(page.text).not.toContain(`action="/manager/accounts/${abc}/reactivate"`);

    // Asked first, on its own page (as closing is): its button confirms.
    const suspended = await submitForm(
      agent,
      `/manager/accounts/${abc}/suspend`,
      `/manager/accounts/${abc}/suspend`,
      {},
    );
    expect(suspended.status).toBe(303);
    expect(await status(abc)).toBe('suspended');
    const after = await agent.get(`/manager/accounts/${abc}`);
    const text = textOf(after.text);
    expect(text).toContain('Se suspendió ABC Company: sus usuarios ya no pueden iniciar sesión en ella.');
    expect(text).toMatch(/ABC Company Suspendida/);
    expect(after.text).toContain(`action="/manager/accounts/${abc}/reactivate"`);
    expect(after.text).not.toContain(`href="/manager/accounts/${abc}/suspend"`);
    expect(await canSignIn(owner.email)).toBe(false);
    const mail = await lastMail(t.db, 'account_suspended', owner.email);
    expect(mail.subject).toBe('Tu cuenta ABC Company está suspendida');
    expect(mail.text_body).toContain('Acme Telecom suspendió la cuenta ABC Company');
    expect(await rowsOf('memberships', abc)).toBe(1);

    expect((await press(agent, abc, 'reactivate')).status).toBe(303);
    expect(await status(abc)).toBe('active');
    expect(await canSignIn(owner.email)).toBe(true);
    expect(await lastMail(t.db, 'account_reactivated', owner.email)).toBeTruthy();

    // Both activities tell it, each in its own words.
    const ownerLog = textOf((await (await signIn(t.app, owner.email)).get('/activity')).text);
    expect(ownerLog).toContain('Sergio Usuario suspendió la cuenta');
    expect(ownerLog).toContain('Sergio Usuario reactivó la cuenta');
    const partnerLog = textOf((await agent.get('/activity')).text);
    expect(partnerLog).toContain('Sergio Usuario suspendió la cuenta: ABC Company');
  });

  it('refuses to suspend twice (403: the button is not offered) and answers 404 for another reseller’s account', async () => {
    const mine = await createReseller(t.db);
    const other = await createReseller(t.db, { platformId: mine.platformId });
    const theirs = await createCustomerOf(t.db, other.resellerId);
    const abc = await createCustomerOf(t.db, mine.resellerId);
    const agent = await signIn(t.app, mine.partner.email);
    await press(agent, abc, 'suspend');
    expect((await press(agent, abc, 'suspend')).status).toBe(403);
    const token = csrfFrom((await agent.get('/manager')).text);
    const post = await agent.post(`/manager/accounts/${theirs}/suspend`).type('form').send({ _csrf: token });
    expect(post.status).toBe(404);
    expect(await status(theirs)).toBe('active');
  });
});

describe('close', () => {
  it('asks first, then closes: trunks back to the pool, nobody signs in, nothing deleted, shown as closed', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 10, outbound: 10, twoway: 4 } });
    const abc = await createCustomerOf(t.db, r.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 6, outbound: 4, twoway: 2 },
    });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc });
    await t.db('credit_entries').insert({ account_id: abc, amount_cents: 5000, note: 'Crédito inicial' });
    const agent = await signIn(t.app, r.partner.email);

    const confirm = await agent.get(`/manager/accounts/${abc}/close`);
    expect(confirm.status).toBe(200);
    const text = textOf(confirm.text);
    expect(text).toContain('Cerrar ABC Company');
    expect(text).toContain('Sus troncales vuelven a la bolsa');
    expect(text).toContain('No se borra nada');
    expect(await status(abc)).toBe('active');

    const closed = await submitForm(agent, `/manager/accounts/${abc}/close`, `/manager/accounts/${abc}/close`, {});
    expect(closed.status).toBe(303);
    expect(await status(abc)).toBe('closed');
    const page = await agent.get(`/manager/accounts/${abc}`);
    expect(textOf(page.text)).toMatch(/ABC Company Cerrada/);
    // It holds no trunks any more: they went back to the pool when it closed.
    expect(textOf(page.text)).toContain('Troncales entrantes 0 Troncales salientes 0 Troncales bidireccionales 0');
    expect(textOf(page.text)).toContain('Sus troncales volvieron a la bolsa al cerrarse.');
    expect(page.text).not.toContain(`href="/manager/accounts/${abc}/edit"`);
    expect(page.text).not.toContain(`action="/manager/accounts/${abc}/reactivate"`);
    expect(textOf((await agent.get('/manager')).text)).toMatch(/ABC Company Cerrada/);

    expect(await canSignIn(owner.email)).toBe(false);
    expect(await rowsOf('credit_entries', abc)).toBe(1);
    expect(await t.db('accounts').where({ id: abc }).first('inbound_trunks')).toEqual({ inbound_trunks: 6 });
    // What it held is available again: another customer can take the whole pool.
    const another = await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 10, outbound: 10, twoway: 4 } });
    expect(another).toBeGreaterThan(0);
    expect(await lastMail(t.db, 'account_closed', owner.email)).toBeTruthy();
    // Closed for good.
    expect((await agent.get(`/manager/accounts/${abc}/close`)).status).toBe(403);
  });

  it('keeps a reseller with open customer accounts open (422 with how many), then closes it once they are closed', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom' });
    const abc = await createCustomerOf(t.db, r.resellerId);
    const admin = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'owner')).email);
    const confirm = await admin.get(`/manager/accounts/${r.resellerId}/close`);
    expect(textOf(confirm.text)).toContain('tiene 1 cuenta de cliente abierta');
    const token = csrfFrom(confirm.text);
    const refused = await admin.post(`/manager/accounts/${r.resellerId}/close`).type('form').send({ _csrf: token });
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('Primero cierra sus cuentas de clientes abiertas (quedan 1).');
    expect(await status(r.resellerId)).toBe('active');

    await submitForm(admin, `/manager/accounts/${abc}/close`, `/manager/accounts/${abc}/close`, {});
    expect(await status(abc)).toBe('closed');
    await submitForm(admin, `/manager/accounts/${r.resellerId}/close`, `/manager/accounts/${r.resellerId}/close`, {});
    expect(await status(r.resellerId)).toBe('closed');
    expect(await canSignIn(r.partner.email)).toBe(false);
  });
});

describe('the staff account page', () => {
  it('links to the account in the Accounts Manager for platform admins only', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const admin = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'admin')).email);
    const agentUser = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'member')).email);
    const link = `href="/manager/accounts/${abc}"`;
    const forAdmin = await admin.get(`/staff/accounts/${abc}`);
    expect(forAdmin.text).toContain(link);
    expect(textOf(forAdmin.text)).toContain('Abrir en el Administrador de cuentas');
    expect((await admin.get(`/manager/accounts/${abc}`)).status).toBe(200);
    const forAgent = await agentUser.get(`/staff/accounts/${abc}`);
    expect(forAgent.status).toBe(200);
    expect(forAgent.text).not.toContain(link);
    expect((await agentUser.get(`/manager/accounts/${abc}`)).status).toBe(403);
  });
});
