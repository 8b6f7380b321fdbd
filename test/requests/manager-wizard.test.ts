import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, textOf } from '../helpers/agent';
import { createCustomerOf, createMember, createPlatformStaff, createReseller } from '../helpers/factories';
import { accountFields, restrictionFields, WizardDriver, wizardToReview } from '../helpers/wizard';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const valueOf = (html: string, name: string) =>
  new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('step «Cuenta»', () => {
  it('re-renders with 422, a message per field and everything typed, never the password', async () => {
    const r = await createReseller(t.db);
    await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    const first = await wizard.open();
    expect(textOf(first)).toContain(`(se genera al guardar).`);
    expect(first).toMatch(/<option value="America\/Mexico_City" selected>/);

    const empty = await wizard.post('account', {
      name: '',
      timezone: 'America/Cancun',
      locale: 'en',
      add_admin: '1',
      admin_first_name: 'Ana',
      admin_email: 'ana@@abc',
      admin_password_mode: 'typed',
      admin_password: 'corta',
    });
    expect(empty.response.status).toBe(422);
    const text = textOf(empty.response.text);
    expect(text).toContain('Hay un problema');
    expect(text).toContain('Escribe el nombre de la cuenta.');
    expect(text).toContain('Escribe el apellido del administrador.');
    expect(text).toContain('Escribe un correo electrónico válido');
    expect(text).toContain('La contraseña debe tener al menos 12 caracteres.');
    expect(empty.response.text).toMatch(/<option value="America\/Cancun" selected>/);
    expect(empty.response.text).toMatch(/<option value="en" selected>/);
    expect(valueOf(empty.response.text, 'admin_first_name')).toBe('Ana');
    expect(valueOf(empty.response.text, 'admin_email')).toBe('ana@@abc');
    expect(empty.response.text).toMatch(/id="field-add_admin" checked/);
    expect(empty.response.text).toMatch(/value="typed" id="mode-typed" checked/);
    expect(empty.response.text).not.toContain('corta');

    wizard.remember(empty.response.text);
    const taken = await wizard.post('account', accountFields('abc company'));
    expect(taken.response.status).toBe(422);
    expect(textOf(taken.response.text)).toContain('Ya tienes una cuenta con ese nombre.');
    expect(valueOf(taken.response.text, 'name')).toBe('abc company');

    const login = await createMember(t.db);
    const existing = await wizard.post(
      'account',
      accountFields('Nueva', {
        add_admin: '1',
        admin_first_name: 'Ana',
        admin_last_name: 'Ruiz',
        admin_email: login.email,
        admin_password_mode: 'generated',
      }),
    );
    expect(existing.response.status).toBe(422);
    expect(textOf(existing.response.text)).toContain('Esa persona ya tiene un ID en Cuentas');
  });

  it('keeps a typed password only as a hash, and does not ask for it again', async () => {
    const r = await createReseller(t.db);
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    const admin = {
      add_admin: '1',
      admin_first_name: 'Ana',
      admin_last_name: 'Ruiz',
      admin_email: 'ana@nueva.test',
      admin_password_mode: 'typed',
    };
    const next = await wizard.post(
      'account',
      accountFields('Nueva', { ...admin, admin_password: 'una frase larga de ana' }),
    );
    expect(next.response.status).toBe(303);
    const draft = await t.db('account_drafts').where({ id: wizard.draftId }).first();
    expect(JSON.stringify(draft.data)).not.toContain('una frase larga de ana');
    expect(draft.data.admin_password_hash).toMatch(/^\$2[aby]\$12\$/);
    const again = await wizard.post('restrictions', restrictionFields({ inbound: 0, outbound: 0, twoway: 0 }), 'back');
    expect(textOf(again.next!.text)).toContain('Ya escribiste una contraseña');
    expect((await wizard.post('account', accountFields('Nueva', admin))).response.status).toBe(303);
  });
});

describe('step «Restricciones de llamadas»', () => {
  it('shows what the pool has left, and refuses more with the figure available', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 10, outbound: 6, twoway: 2 } });
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 7, outbound: 1, twoway: 0 } });
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    const { next } = await wizard.post('account', accountFields('Nueva'));
    expect(textOf(next!.text)).toContain('Disponibles: 3 de 10.');
    expect(textOf(next!.text)).toContain('Disponibles: 5 de 6.');

    const over = await wizard.post('restrictions', restrictionFields({ inbound: 4, outbound: 5, twoway: 2 }, '250.50'));
    expect(over.response.status).toBe(422);
    const text = textOf(over.response.text);
    expect(text).toContain('Solo quedan 3 disponibles.');
    expect(text).not.toContain('Solo quedan 5 disponibles.');
    expect(valueOf(over.response.text, 'inbound_trunks')).toBe('4');
    expect(valueOf(over.response.text, 'credit')).toBe('250.50');

    const bad = await wizard.post('restrictions', {
      ...restrictionFields({ inbound: 1, outbound: 0, twoway: 0 }, '-3'),
      outbound_trunks: 'dos',
      'restrictions[caribbean]': 'quizá',
    });
    expect(bad.response.status).toBe(422);
    expect(textOf(bad.response.text)).toContain('Escribe un número entero, 0 o más.');
    expect(textOf(bad.response.text)).toContain('El crédito a agregar no puede ser negativo.');
    expect(textOf(bad.response.text)).toContain('Elige Permitir o Denegar.');
    expect(valueOf(bad.response.text, 'outbound_trunks')).toBe('dos');
  });

  it('keeps everything typed on Atrás, even what is not valid yet', async () => {
    const r = await createReseller(t.db);
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    await wizard.post('account', accountFields('Nueva'));
    const back = await wizard.post(
      'restrictions',
      {
        ...restrictionFields({ inbound: 3, outbound: 2, twoway: 1 }, 'mil'),
        allow_prepay: '1',
        'restrictions[toll_us]': 'deny',
      },
      'back',
    );
    expect(back.location).toBe(`/manager/accounts/new?draft=${wizard.draftId}&step=account`);
    expect(valueOf(back.next!.text, 'name')).toBe('Nueva');
    const forward = await wizard.post('account', accountFields('Nueva'));
    const page = forward.next!.text;
    expect(valueOf(page, 'inbound_trunks')).toBe('3');
    expect(valueOf(page, 'credit')).toBe('mil');
    expect(page).toMatch(/id="field-allow_prepay" checked/);
    expect(page).toMatch(/value="deny" id="rule-toll_us-deny"[^>]*checked/);
  });
});

describe('step «Contactos de soporte»', () => {
  it('starts with the creating partner, finds partners, takes addresses, refuses a bad one and an empty list', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const colleague = await createMember(t.db, { role: 'admin', accountId: r.resellerId, firstName: 'Rosa' });
    const stranger = await createReseller(t.db, { firstName: 'Rosa' });
    const agent = await signIn(t.app, r.partner.email);
    const wizard = new WizardDriver(agent);
    await wizard.post('account', accountFields('Nueva'));
    const { next } = await wizard.post('restrictions', restrictionFields({ inbound: 0, outbound: 0, twoway: 0 }));
    expect(textOf(next!.text)).toContain(r.partner.email);

    const search = await agent.get(`/manager/accounts/new?draft=${wizard.draftId}&step=support&q=Rosa`);
    expect(search.text).toContain(`name="add_partner" value="${colleague.id}"`);
    expect(search.text).not.toContain(stranger.partner.email);
    expect((await wizard.post('support', { add_partner: String(colleague.id) })).response.status).toBe(303);
    expect((await wizard.post('support', { add_partner: String(stranger.partner.id) })).response.status).toBe(404);
    // Found again, she is shown as already added (not «Ningún socio coincide»).
    const again = textOf((await agent.get(`/manager/accounts/new?draft=${wizard.draftId}&step=support&q=Rosa`)).text);
    expect(again).toContain('Rosa Usuario');
    expect(again).toContain('Ya está agregado');
    expect(again).not.toContain('Ningún socio coincide');

    const badAddress = await agent.get(`/manager/accounts/new?draft=${wizard.draftId}&step=support&q=no-es%40valido`);
    expect(textOf(badAddress.text)).toContain('Contiene un correo electrónico no válido');
    const invalid = await wizard.post('support', { support_email: 'mal@@correo' }, 'add_email');
    expect(invalid.response.status).toBe(422);
    expect(textOf(invalid.response.text)).toContain('Contiene un correo electrónico no válido');
    expect(valueOf(invalid.response.text, 'support_email')).toBe('mal@@correo');
    expect((await wizard.post('support', { support_email: 'TI@Cliente.test' }, 'add_email')).response.status).toBe(303);

    for (const value of [`partner:${r.partner.id}`, `partner:${colleague.id}`, 'email:ti@cliente.test'])
      await wizard.post('support', { remove_contact: value });
    const none = await wizard.post('support', {});
    expect(none.response.status).toBe(422);
    expect(textOf(none.response.text)).toContain('Agrega al menos un contacto de soporte.');
  });
  it('takes at most twenty support contacts', async () => {
    const r = await createReseller(t.db);
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    await wizard.post('account', accountFields('Muchos'));
    await wizard.post('restrictions', restrictionFields({ inbound: 0, outbound: 0, twoway: 0 }));
    for (let i = 1; i < 20; i++) await wizard.post('support', { support_email: `c${i}@muchos.test` }, 'add_email');
    const full = await wizard.post('support', { support_email: 'c20@muchos.test' }, 'add_email');
    expect(full.response.status).toBe(422);
    expect(textOf(full.response.text)).toContain('Puedes agregar hasta 20 contactos de soporte.');
    expect((await t.db('account_drafts').where({ id: wizard.draftId }).first()).data.support_emails).toHaveLength(19);
  });
});

describe('step «Permisos» and «Revisar»', () => {
  it('asks for at least one of the sections the reseller may give, warns, reviews and creates', async () => {
    const r = await createReseller(t.db, { sections: ['tickets', 'services', 'invoices', 'users'] });
    const agent = await signIn(t.app, r.partner.email);
    const wizard = new WizardDriver(agent);
    await wizard.post('account', accountFields('Nueva Cuenta'));
    await wizard.post('restrictions', restrictionFields({ inbound: 1, outbound: 1, twoway: 0 }, '100'));
    const { next } = await wizard.post('support', {});
    expect(textOf(next!.text)).toContain('sin que lo sepas');
    expect(next!.text).not.toContain('value="telephony"');

    const none = await wizard.post('permissions', {});
    expect(none.response.status).toBe(422);
    expect(textOf(none.response.text)).toContain('Elige al menos una sección.');
    const foreign = await wizard.post('permissions', { sections: ['tickets', 'telephony'] });
    expect(foreign.response.status).toBe(422);
    expect(foreign.response.text).toMatch(/value="tickets" id="section-tickets" checked/);

    const review = await wizard.post('permissions', { sections: ['tickets', 'invoices'] });
    expect(review.location).toContain('step=review');
    const text = textOf(review.next!.text);
    expect(text).toContain('Nueva Cuenta');
    const permissions = text.slice(text.indexOf('Permisos Cambiar'), text.indexOf('Crear cuenta'));
    expect(permissions).toBe('Permisos Cambiar Facturas Tickets ');
    expect(review.next!.text).toContain(`href="/manager/accounts/new?draft=${wizard.draftId}&amp;step=restrictions"`);

    const change = await agent.get(`/manager/accounts/new?draft=${wizard.draftId}&step=restrictions`);
    expect(valueOf(change.text, 'inbound_trunks')).toBe('1');
    expect(change.text).toContain('Guardar y revisar');

    const created = await wizard.post('review', {}, 'create');
    expect(created.response.status).toBe(303);
    const account = await t.db('accounts').where({ parent_id: r.resellerId, name: 'Nueva Cuenta' }).first();
    expect(created.location).toBe(`/manager/accounts/${account.id}`);
    expect(account.enabled_sections).toEqual(['invoices', 'tickets']);
    // The name in quotes: «… S.A. de C.V.» never ends the sentence with two periods.
    expect(textOf(created.next!.text)).toContain('Se creó la cuenta «Nueva Cuenta».');
    expect(created.next!.text).toMatch(new RegExp(`href="/manager/accounts/${account.id}"[^>]*aria-current="page"`));
    expect(await t.db('account_drafts').where({ id: wizard.draftId }).first()).toBeUndefined();

    // A second «Crear cuenta» (a double click, the back button) creates nothing more.
    const twice = await wizard.post('review', {}, 'create');
    expect(twice.location).toBe('/manager/accounts/new');
    expect(textOf(twice.next!.text)).toContain('ya se había creado o el borrador venció');
    expect(await t.db('accounts').where({ parent_id: r.resellerId }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('shows a generated password once, on the page «Crear cuenta» leads to', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const wizard = await wizardToReview(agent, {
      name: 'Con Clave',
      account: {
        add_admin: '1',
        admin_first_name: 'Gina',
        admin_last_name: 'Luna',
        admin_email: 'gina@clave.test',
        admin_password_mode: 'generated',
      },
    });
    const created = await wizard.post('review', {}, 'create');
    expect(created.response.status).toBe(303);
    expect(created.next!.headers['cache-control']).toBe('no-store');
    const password = /class="one-time-password__value">([^<]+)</.exec(created.next!.text)![1];
    expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    const account = await t.db('accounts').where({ name: 'Con Clave' }).first();
    expect((await agent.get(`/manager/accounts/${account.id}`)).text).not.toContain(password);
    await expect(signIn(t.app, 'gina@clave.test', password)).resolves.toBeDefined();
  });
});

describe('the draft', () => {
  it('belongs to its session: another session of the same partner, or an expired draft, starts again', async () => {
    const r = await createReseller(t.db);
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    await wizard.post('account', accountFields('Borrador'));
    const elsewhere = await signIn(t.app, r.partner.email);
    const foreign = await elsewhere.get(`/manager/accounts/new?draft=${wizard.draftId}&step=restrictions`);
    expect(foreign.status).toBe(303);
    expect(foreign.headers.location).toBe('/manager/accounts/new');

    await t
      .db('account_drafts')
      .where({ id: wizard.draftId })
      .update({ expires_at: t.db.raw("now() - interval '1 minute'") });
    const expired = await wizard.post('restrictions', restrictionFields({ inbound: 0, outbound: 0, twoway: 0 }));
    expect(expired.location).toBe('/manager/accounts/new');
    expect(textOf(expired.next!.text)).toContain('el borrador venció');
  });

  it('goes with the session when the partner signs out', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const wizard = new WizardDriver(agent);
    await wizard.post('account', accountFields('Se va'));
    const page = await agent.get('/manager');
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1] });
    expect(await t.db('account_drafts').where({ id: wizard.draftId }).first()).toBeUndefined();
  });
});

describe('the platform', () => {
  it('creates a reseller with its realm label and pool totals through the same wizard', async () => {
    const r = await createReseller(t.db);
    const admin = await createPlatformStaff(t.db, r.platformId, 'admin');
    const agent = await signIn(t.app, admin.email);
    const wizard = new WizardDriver(agent);
    const page = await wizard.open();
    expect(textOf(page)).toContain('Agregar distribuidor nuevo');
    const platformRealm = (await t.db('accounts').where({ id: r.platformId }).first('realm')).realm as string;
    expect(textOf(page)).toContain(`.${platformRealm}`);

    const missing = await wizard.post('account', accountFields('Beta Redes'));
    expect(missing.response.status).toBe(422);
    expect(textOf(missing.response.text)).toContain('Escribe el realm del distribuidor.');
    wizard.remember(missing.response.text);
    await wizard.post('account', accountFields('Beta Redes', { realm_label: 'beta' }));
    const pool = await wizard.post('restrictions', {
      ...restrictionFields({ inbound: 0, outbound: 0, twoway: 0 }),
      pool_inbound_trunks: '40',
      pool_outbound_trunks: '30',
      pool_twoway_trunks: '10',
    });
    expect(pool.response.status).toBe(303);
    // The platform's admin is not a «Socio» of anyone.
    const support = textOf((await agent.get(`/manager/accounts/new?draft=${wizard.draftId}&step=support`)).text);
    expect(support).toContain(admin.email);
    expect(support).toContain('Plataforma');
    expect(support).not.toContain('Socio');
    await wizard.post('support', {});
    await wizard.post('permissions', { sections: ['tickets', 'users'] });
    const created = await wizard.post('review', {}, 'create');
    expect(created.response.status).toBe(303);
    const reseller = await t.db('accounts').where({ name: 'Beta Redes' }).first();
    expect(reseller).toMatchObject({
      kind: 'reseller',
      realm: `beta.${platformRealm}`,
      pool_inbound_trunks: 40,
      parent_id: r.platformId,
    });
    expect(textOf(created.next!.text)).toContain('Bolsa de troncales');
  });

  it('lets agents and customers start nothing', async () => {
    const r = await createReseller(t.db);
    const agentUser = await createPlatformStaff(t.db, r.platformId, 'member');
    const agent = await signIn(t.app, agentUser.email);
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/profile')).text)![1];
    const refused = await agent
      .post('/manager/accounts/new')
      .type('form')
      .send({ _csrf: token, step: 'account', ...accountFields('X') });
    expect(refused.status).toBe(403);
    expect(await t.db('account_drafts').where({ user_id: agentUser.id }).count('* as n').first()).toEqual({ n: 0 });
  });
});

describe('«Crear cuenta» only from «Revisar» (issue 22 item 7)', () => {
  it('does not create an account from step 1 with defaults: it goes to the first step not yet accepted', async () => {
    const r = await createReseller(t.db);
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    await wizard.open();
    expect((await wizard.post('account', accountFields('Solo Paso Uno'))).response.status).toBe(303);
    for (const step of ['review', 'restrictions']) {
      const early = await wizard.post(step, {}, 'create');
      expect(early.response.status).toBe(303);
      expect(early.location).toMatch(/step=restrictions$/);
    }
    expect(await t.db('accounts').where({ parent_id: r.resellerId, name: 'Solo Paso Uno' }).first()).toBeUndefined();

    // Every step accepted: «Crear cuenta» on «Revisar» creates it.
    const full = await wizardToReview(await signIn(t.app, r.partner.email), { name: 'Todos Los Pasos' });
    expect((await full.post('review', {}, 'create')).response.status).toBe(303);
    expect(await t.db('accounts').where({ parent_id: r.resellerId, name: 'Todos Los Pasos' }).first()).toBeDefined();
  });
});
