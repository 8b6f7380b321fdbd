import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createCustomerOf, createMember, createPlatformStaff, createReseller } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the Accounts Manager list and account page', () => {
  it('lands a partner on /manager and lists the reseller’s customers on the left with name, realm and status', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom' });
    const abc = await createCustomerOf(t.db, r.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 10, outbound: 10, twoway: 5 },
    });
    await createCustomerOf(t.db, r.resellerId, { name: 'Delta Hosting' });
    await t.db('accounts').where({ id: abc }).update({ status: 'suspended' });
    const agent = await signIn(t.app, r.partner.email);

    const home = await agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/manager');
    const page = await agent.get('/manager');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Administrador de cuentas');
    expect(text).toMatch(/ABC Company Suspendida [a-z0-9]{8}\.[a-z0-9]+\./);
    expect(text).toContain('Delta Hosting Activa');
    expect(text.indexOf('ABC Company')).toBeLessThan(text.indexOf('Delta Hosting'));
    expect(page.text).toContain('href="/manager/accounts/new"');
    expect(page.text).toMatch(/<a href="\/manager"[^>]*>Administrador de cuentas<\/a>/);
  });

  it('lands a partner on the manager until they choose another default app, Inicio included', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const profile = await agent.get('/profile');
    expect(profile.text).toMatch(/<option value="manager" selected>Administrador de cuentas<\/option>/);
    await submitForm(agent, '/profile', '/profile', {
      first_name: 'Sergio',
      last_name: 'Ortega',
      default_app: 'dashboard',
    });
    const home = await (await signIn(t.app, r.partner.email)).get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.text)).toContain('Hola, Sergio');
  });

  it('shows the selected account on the right, selected in the list, with what the partner may do', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 10, outbound: 8, twoway: 5 },
    });
    await createCustomerOf(t.db, r.resellerId, { name: 'Otra' });
    await t
      .db('credit_entries')
      .insert({ account_id: abc, amount_cents: 150000, note: 'Crédito inicial', actor_user_id: r.partner.id });
    const agent = await signIn(t.app, r.partner.email);
    const page = await agent.get(`/manager/accounts/${abc}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`href="/manager/accounts/${abc}"[^>]*aria-current="page"`));
    const text = textOf(page.text);
    expect(text).toContain('Troncales entrantes 10');
    expect(text).toContain('Troncales salientes 8');
    expect(text).toContain('Crédito inicial');
    expect(text).toContain('$1,500.00');
    expect(page.text).toContain(`href="/manager/accounts/${abc}/edit"`);
    expect(page.text).toContain(`href="/manager/accounts/${abc}/suspend"`);
  });

  it('finds accounts by name, realm or the e-mail of one of their people', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const delta = await createCustomerOf(t.db, r.resellerId, { name: 'Delta Hosting' });
    await createMember(t.db, { accountId: delta, email: 'diana@delta.test' });
    const realm = (await t.db('accounts').where({ id: abc }).first('realm')).realm as string;
    const agent = await signIn(t.app, r.partner.email);
    const names = async (q: string) => {
      const html = (await agent.get(`/manager?q=${encodeURIComponent(q)}`)).text;
      return [...html.matchAll(/class="account-list__name">([^<]+)</g)].map((m) => m[1]);
    };
    // Not just «abc»: realms are random hex, and one of them may hold those three letters.
    expect(await names('abc comp')).toEqual(['ABC Company']);
    expect(await names(realm.slice(0, 8))).toEqual(['ABC Company']);
    expect(await names('diana@delta')).toEqual(['Delta Hosting']);
    expect(await names('nadie')).toEqual([]);
  });

  it('pages the list, and opens an account on the page that holds it', async () => {
    const r = await createReseller(t.db);
    const ids: number[] = [];
    for (let i = 1; i <= 30; i++)
      ids.push(await createCustomerOf(t.db, r.resellerId, { name: `Cliente ${String(i).padStart(2, '0')}` }));
    const agent = await signIn(t.app, r.partner.email);
    const first = await agent.get('/manager');
    expect(first.text).toContain('Cliente 25');
    expect(first.text).not.toContain('Cliente 26');
    const next = /href="(\/manager\?after=\d+)"/.exec(first.text)![1];
    expect(textOf((await agent.get(next)).text)).toContain('Cliente 30');
    const deep = await agent.get(`/manager/accounts/${ids[28]}`);
    expect(deep.text).toMatch(new RegExp(`href="/manager/accounts/${ids[28]}"[^>]*aria-current="page"`));
  });

  it('speaks English when asked', async () => {
    const r = await createReseller(t.db);
    await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    await agent.get('/language/en');
    const text = textOf((await agent.get('/manager')).text);
    expect(text).toContain('Accounts Manager');
    expect(text).toContain('Customer accounts');
    expect(text).toContain('ABC Company Active');
    expect(textOf((await agent.get('/manager/accounts/new')).text)).toContain('(generated on save).');
  });

  it("answers 404 for another reseller's account and for ids that are not below the partner", async () => {
    const mine = await createReseller(t.db);
    const other = await createReseller(t.db, { platformId: mine.platformId });
    const theirs = await createCustomerOf(t.db, other.resellerId, { name: 'Ajena' });
    const agent = await signIn(t.app, mine.partner.email);
    for (const path of [
      `/manager/accounts/${theirs}`,
      `/manager/accounts/${other.resellerId}`,
      `/manager/accounts/${mine.resellerId}`,
      '/manager/accounts/999999',
      '/manager/accounts/abc',
    ])
      expect((await agent.get(path)).status).toBe(404);
    expect(textOf((await agent.get('/manager')).text)).not.toContain('Ajena');
  });

  it('refuses customers and platform agents with 403, and lets platform admins see resellers and everything below', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom' });
    const customer = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const owner = await createMember(t.db, { role: 'owner', accountId: customer });
    const agentUser = await createPlatformStaff(t.db, r.platformId, 'member');
    const adminUser = await createPlatformStaff(t.db, r.platformId, 'owner');

    for (const email of [owner.email, agentUser.email]) {
      const agent = await signIn(t.app, email);
      for (const path of ['/manager', '/manager/accounts/new', `/manager/accounts/${customer}`])
        expect((await agent.get(path)).status).toBe(403);
      expect((await agent.get('/profile')).text).not.toContain('href="/manager"');
    }

    const admin = await signIn(t.app, adminUser.email);
    const list = textOf((await admin.get('/manager')).text);
    expect(list).toContain('Distribuidores');
    expect(list).toContain('Acme Telecom');
    expect((await admin.get(`/manager/accounts/${r.resellerId}`)).status).toBe(200);
    const below = await admin.get(`/manager/accounts/${customer}`);
    expect(below.status).toBe(200);
    expect(textOf(below.text)).toContain('ABC Company');
    const resellerPage = await admin.get(`/manager/accounts/${r.resellerId}`);
    expect(textOf(resellerPage.text)).toContain('Bolsa de troncales');
    expect(resellerPage.text).toContain(`<a href="/manager/accounts/${customer}">ABC Company</a>`);
  });
});
