/* Editing an account below the partner's: POST /manager/accounts/:id/edit (issue 9, item 4). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  accountSettingsBody,
  createCustomerOf,
  createMember,
  createPlatformStaff,
  createReseller,
} from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const edit = (agent: Agent, id: number, body: Record<string, unknown>) =>
  submitForm(agent, `/manager/accounts/${id}/edit`, `/manager/accounts/${id}/edit`, body);

describe('GET /manager/accounts/:id/edit', () => {
  it('shows the form with the account as it is, the list still on the left, and the realm that never changes', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 10, outbound: 10, twoway: 4 } });
    const abc = await createCustomerOf(t.db, r.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 3, outbound: 2, twoway: 1 },
    });
    await createCustomerOf(t.db, r.resellerId, { name: 'Otra', trunks: { inbound: 5, outbound: 0, twoway: 0 } });
    const agent = await signIn(t.app, r.partner.email);
    const page = await agent.get(`/manager/accounts/${abc}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`href="/manager/accounts/${abc}"[^>]*aria-current="page"`));
    expect(page.text).toContain('name="name" type="text"\n    value="ABC Company"');
    expect(page.text).toMatch(/id="field-inbound_trunks" name="inbound_trunks" type="text"\s+value="3"/);
    const text = textOf(page.text);
    // 10 in the pool, 5 held by the other customer: this one may hold up to 5.
    expect(text).toContain('Puede tener hasta 5 (la bolsa tiene 10).');
    expect(text).toContain('El realm no cambia nunca.');
    expect(page.text).toMatch(/name="restrictions\[international\]" value="deny"[^>]*checked/);
  });
});

describe('POST /manager/accounts/:id/edit', () => {
  it('saves name, time zone, trunks, restrictions, prepay and sections, and records it in both activities', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom', firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    const response = await edit(
      agent,
      abc,
      accountSettingsBody({
        name: 'ABC Company SA',
        timezone: 'America/Monterrey',
        inbound_trunks: '7',
        allow_prepay: '1',
        restrictions: { ...(accountSettingsBody().restrictions as object), international: 'allow' },
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/manager/accounts/${abc}`);
    const row = await t.db('accounts').where({ id: abc }).first();
    expect(row).toMatchObject({
      name: 'ABC Company SA',
      time_zone: 'America/Monterrey',
      inbound_trunks: 7,
      allow_prepay: true,
      enabled_sections: ['tickets', 'telephony', 'support_contacts', 'users'],
    });
    expect(row.call_restrictions.international).toBe('allow');
    const page = await agent.get(response.headers.location);
    expect(textOf(page.text)).toContain('Se guardaron los cambios de ABC Company SA.');

    const events = await t.db('audit_events').where({ action: 'account.updated', target_id: abc }).orderBy('id');
    expect(events.map((e: { account_id: number }) => e.account_id)).toEqual([abc, r.resellerId]);
    expect(events[0].metadata.changed).toBe('name,time_zone,trunks,restrictions,allow_prepay,sections');
  });

  it('re-renders 422 with every value kept and a message beside each field', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    const response = await edit(
      agent,
      abc,
      accountSettingsBody({
        name: '',
        timezone: 'Marte/Olympus',
        outbound_trunks: 'muchas',
        twoway_trunks: '3',
        restrictions: { tollfree_us: 'deny' },
        sections: ['tickets', 'nada'],
        allow_prepay: '1',
      }),
    );
    expect(response.status).toBe(422);
    const text = textOf(response.text);
    expect(text).toContain('Escribe el nombre de la cuenta.');
    expect(text).toContain('Elige una zona horaria de la lista.');
    expect(text).toContain('Escribe un número entero, 0 o más.');
    expect(text).toContain('Elige Permitir o Denegar.');
    expect(text).toContain('Elige secciones de la lista.');
    expect(response.text).toMatch(/name="outbound_trunks" type="text"\s+value="muchas"/);
    expect(response.text).toMatch(/name="twoway_trunks" type="text"\s+value="3"/);
    expect(response.text).toMatch(/name="restrictions\[tollfree_us\]" value="deny"[^>]*checked/);
    expect(response.text).toMatch(/id="field-allow_prepay" checked/);
    expect(response.text).toMatch(/id="section-tickets" checked/);
    expect((await t.db('accounts').where({ id: abc }).first('name')).name).toBe('ABC Company');
  });

  it("refuses a name another of the reseller's customers has (ignoring case)", async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    await createCustomerOf(t.db, r.resellerId, { name: 'Delta Hosting' });
    const agent = await signIn(t.app, r.partner.email);
    const taken = await edit(agent, abc, accountSettingsBody({ name: 'delta hosting' }));
    expect(taken.status).toBe(422);
    expect(textOf(taken.text)).toContain('Ya tienes una cuenta con ese nombre.');
    expect(taken.text).toContain('value="delta hosting"');
    // Its own name in other letters is fine.
    expect((await edit(agent, abc, accountSettingsBody({ name: 'abc company' }))).status).toBe(303);
  });

  it('keeps trunks within the pool: more than is available re-renders 422 with the figure, lowering always works', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 10, outbound: 10, twoway: 4 } });
    const abc = await createCustomerOf(t.db, r.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 3, outbound: 2, twoway: 1 },
    });
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 5, outbound: 8, twoway: 3 } });
    const agent = await signIn(t.app, r.partner.email);

    const over = await edit(
      agent,
      abc,
      accountSettingsBody({ inbound_trunks: '6', outbound_trunks: '2', twoway_trunks: '2' }),
    );
    expect(over.status).toBe(422);
    const text = textOf(over.text);
    expect(text).toContain('Solo quedan 5 disponibles.');
    expect(text).toContain('Solo quedan 1 disponibles.');
    expect(over.text).toMatch(/name="inbound_trunks" type="text"\s+value="6"/);
    expect(await t.db('accounts').where({ id: abc }).first('inbound_trunks', 'twoway_trunks')).toEqual({
      inbound_trunks: 3,
      twoway_trunks: 1,
    });

    expect(
      (await edit(agent, abc, accountSettingsBody({ inbound_trunks: '5', outbound_trunks: '0', twoway_trunks: '1' })))
        .status,
    ).toBe(303);
    expect(await t.db('accounts').where({ id: abc }).first('inbound_trunks', 'outbound_trunks')).toEqual({
      inbound_trunks: 5,
      outbound_trunks: 0,
    });
    // The pool has nothing left of inbound: the other customer can still lower its own.
  });

  it('offers only the sections the reseller has, and a removed section is gone for the account’s users at their next request', async () => {
    const r = await createReseller(t.db, {
      sections: ['tickets', 'users', 'telephony', 'support_contacts', 'services'],
    });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc });
    const ownerAgent = await signIn(t.app, owner.email);
    expect((await ownerAgent.get('/tickets')).status).toBe(200);

    const agent = await signIn(t.app, r.partner.email);
    const form = await agent.get(`/manager/accounts/${abc}/edit`);
    expect(form.text).toContain('id="section-services"');
    expect(form.text).not.toContain('id="section-invoices"');
    const refused = await edit(agent, abc, accountSettingsBody({ sections: ['tickets', 'invoices'] }));
    expect(refused.status).toBe(422);

    expect((await edit(agent, abc, accountSettingsBody({ sections: ['users', 'telephony'] }))).status).toBe(303);
    expect((await ownerAgent.get('/tickets')).status).toBe(403);
    expect((await ownerAgent.get('/')).text).not.toContain('href="/tickets"');
  });

  it("answers 404 for another reseller's account and 403 once the account is closed", async () => {
    const mine = await createReseller(t.db);
    const other = await createReseller(t.db, { platformId: mine.platformId });
    const theirs = await createCustomerOf(t.db, other.resellerId, { name: 'Ajena' });
    const closed = await createCustomerOf(t.db, mine.resellerId, { name: 'Cerrada' });
    await t.db('accounts').where({ id: closed }).update({ status: 'closed' });
    const agent = await signIn(t.app, mine.partner.email);
    const token = (await agent.get('/manager')).text.match(/name="_csrf" value="([^"]+)"/)?.[1];
    expect((await agent.get(`/manager/accounts/${theirs}/edit`)).status).toBe(404);
    const post = await agent
      .post(`/manager/accounts/${theirs}/edit`)
      .type('form')
      .send({ ...accountSettingsBody({ name: 'Hackeada' }), _csrf: token });
    expect(post.status).toBe(404);
    expect((await t.db('accounts').where({ id: theirs }).first('name')).name).toBe('Ajena');
    expect((await agent.get(`/manager/accounts/${closed}/edit`)).status).toBe(403);
  });
});

describe('a reseller, edited by a platform admin', () => {
  it('changes the pool totals, never below what its customers hold', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom', pool: { inbound: 50, outbound: 50, twoway: 20 } });
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 30, outbound: 10, twoway: 5 } });
    const admin = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'admin')).email);
    const page = await admin.get(`/manager/accounts/${r.resellerId}/edit`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Sus clientes tienen 30 asignadas: la bolsa no puede ser menor.');
    const body = (pool: [string, string, string]) =>
      accountSettingsBody({
        name: 'Acme Telecom',
        inbound_trunks: undefined,
        outbound_trunks: undefined,
        twoway_trunks: undefined,
        pool_inbound_trunks: pool[0],
        pool_outbound_trunks: pool[1],
        pool_twoway_trunks: pool[2],
      });

    const under = await edit(admin, r.resellerId, body(['29', '60', '20']));
    expect(under.status).toBe(422);
    expect(textOf(under.text)).toContain('No puede ser menor que las 30 que ya tienen asignadas sus clientes.');
    expect(under.text).toMatch(/name="pool_outbound_trunks" type="text"\s+value="60"/);

    expect((await edit(admin, r.resellerId, body(['30', '60', '25']))).status).toBe(303);
    expect(
      await t.db('accounts').where({ id: r.resellerId }).first('pool_inbound_trunks', 'pool_outbound_trunks'),
    ).toEqual({ pool_inbound_trunks: 30, pool_outbound_trunks: 60 });
  });
});
