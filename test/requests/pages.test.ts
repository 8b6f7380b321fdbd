import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, createMembership, createUser } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('error pages', () => {
  it('answers an unknown path with the 404 page, in the layout, without touching the session store', async () => {
    const response = await newAgent(t.app).get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.text).toContain('<h1 id="error-title">Página no encontrada</h1>');
    expect(response.text).toMatch(/<link rel="stylesheet" href="\/assets\/css\/app\.[0-9a-f]{10}\.css">/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers 403 with the permission page when a signed-in user lacks the section', async () => {
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'] });
    const response = await (await signIn(t.app, member.email)).get('/emails');
    expect(response.status).toBe(403);
    expect(response.text).toContain('<h1 id="error-title">No tienes permiso</h1>');
  });
});

describe('GET /emails', () => {
  it("lists only this account's e-mails, newest first, a page at a time", async () => {
    const owner = await createMember(t.db);
    const other = await createMember(t.db);
    for (let i = 1; i <= 27; i++) {
      await t.deps.mailer.enqueue({
        accountId: owner.accountId,
        category: 'invoice',
        template: 'invoice',
        to: [owner.email],
        subject: `Factura número ${i}`,
        text: 'x',
      });
    }
    await t.deps.mailer.enqueue({
      accountId: other.accountId,
      category: 'general',
      template: 'news',
      to: [other.email],
      subject: 'Correo de otra cuenta',
      text: 'x',
    });
    const agent = await signIn(t.app, owner.email);
    const first = await agent.get('/emails');
    expect(first.status).toBe(200);
    const text = textOf(first.text);
    expect(text).toContain('Factura número 27');
    expect(text).toContain('Factura número 3');
    expect(text).not.toContain('Factura número 2 ');
    expect(text).not.toContain('Correo de otra cuenta');
    expect(first.text).not.toContain('/emails?before=');
    const older = /href="(\/emails\?after=\d+)"/.exec(first.text)![1];
    const secondPage = await agent.get(older);
    const second = textOf(secondPage.text);
    expect(second).toContain('Factura número 1');
    expect(second).toContain('Factura número 2');
    expect(second).not.toContain('Factura número 3');
    expect(secondPage.text).not.toContain('/emails?after=');
    const newer = /href="(\/emails\?before=\d+)"/.exec(secondPage.text)![1];
    const back = textOf((await agent.get(newer)).text);
    expect(back).toContain('Factura número 27');
    expect(back).toContain('Factura número 3');
    expect(back).not.toContain('Factura número 2 ');
    // Another account's e-mail as a cursor matches nothing: an empty page, never its neighbours.
    const foreign = await t.db('mail_outbox').where({ account_id: other.accountId }).first('id');
    expect(textOf((await agent.get(`/emails?after=${foreign.id}`)).text)).not.toContain('Factura número');
  });
});

describe('the dashboard and menus follow permissions', () => {
  it('shows the owner every section of the account', async () => {
    const owner = await createMember(t.db, { role: 'owner', firstName: 'Olga' });
    const home = await (await signIn(t.app, owner.email)).get('/');
    const text = textOf(home.text);
    for (const label of [
      'Servicios',
      'Facturas',
      'Tickets abiertos',
      'Contactos registrados',
      'Usuario del portal',
      'Saldo de crédito',
    ]) {
      expect(text).toContain(label);
    }
  });

  it('shows a tickets-only member the tickets summary and nothing else', async () => {
    const accountId = await createAccount(t.db);
    const member = await createMember(t.db, {
      role: 'member',
      permissions: ['tickets'],
      accountId,
      firstName: 'Teresa',
    });
    const home = await (await signIn(t.app, member.email)).get('/');
    expect(home.status).toBe(200);
    const text = textOf(home.text);
    expect(text).toContain('Hola, Teresa');
    expect(text).toContain('Tickets abiertos');
    for (const hidden of [
      'Facturas',
      'Servicios',
      'Contactos/Sub-cuentas',
      'Administrar usuarios',
      'Saldo de crédito',
      'Cambiar de cuenta',
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('counts only the assigned account numbers for a member limited to them', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const scoped = await createMember(t.db, { role: 'member', permissions: ['services', 'tickets'], accountId });
    await t.db('memberships').where({ id: scoped.membershipId }).update({ account_scope: 'assigned' });
    const [mine, theirs] = await t
      .db('account_numbers')
      .insert([
        { account_id: accountId, number: String(Date.now()).slice(-9) + '1' },
        { account_id: accountId, number: String(Date.now()).slice(-9) + '2' },
      ])
      .returning('id');
    await t
      .db('membership_account_numbers')
      .insert({ membership_id: scoped.membershipId, account_number_id: mine.id, account_id: accountId });
    await t.db('services').insert([
      { account_id: accountId, account_number_id: mine.id, name: 'Mío', status: 'active', price_cents: 100 },
      { account_id: accountId, account_number_id: theirs.id, name: 'Ajeno 1', status: 'active', price_cents: 100 },
      { account_id: accountId, account_number_id: theirs.id, name: 'Ajeno 2', status: 'active', price_cents: 100 },
    ]);
    const tile = (html: string) =>
      /<h2 class="tile__title">Servicios<\/h2>\s*<p class="tile__figure">(\d+)<\/p>/.exec(html)?.[1];
    expect(tile((await (await signIn(t.app, scoped.email)).get('/')).text)).toBe('1');
    expect(tile((await (await signIn(t.app, owner.email)).get('/')).text)).toBe('3');
  });

  it('caps counts that can grow without bound', async () => {
    const owner = await createMember(t.db);
    await t.db.raw(
      `INSERT INTO contacts (account_id, first_name, last_name, email)
      SELECT ?, 'C', 'X' || g, 'c' || g || '@cap.test' FROM generate_series(1, 1001) g`,
      [owner.accountId],
    );
    const text = textOf((await (await signIn(t.app, owner.email)).get('/')).text);
    expect(text).toContain('Contactos/Sub-cuentas 1,000+ Contactos registrados');
  });

  it('never shows a member more than the account has enabled', async () => {
    const accountId = await createAccount(t.db, { sections: ['services'] });
    const member = await createMember(t.db, { role: 'member', permissions: ['services', 'invoices'], accountId });
    const text = textOf((await (await signIn(t.app, member.email)).get('/')).text);
    expect(text).toContain('Servicios activos');
    expect(text).not.toContain('Facturas');
  });
});

describe('a session ends at the next request when access changes', () => {
  it('ends when the membership is blocked', async () => {
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'] });
    const agent = await signIn(t.app, member.email);
    expect((await agent.get('/')).status).toBe(200);
    await t.db('memberships').where({ id: member.membershipId }).update({ blocked_at: t.db.fn.now() });
    const next = await agent.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login');
  });

  it('ends when the password changes elsewhere (session_version)', async () => {
    const member = await createMember(t.db);
    const agent = await signIn(t.app, member.email);
    await t.db('users').where({ id: member.id }).increment('session_version', 1);
    expect((await agent.get('/')).headers.location).toBe('/login');
  });
});

describe('several accounts', () => {
  it('asks which account after sign-in, offers no blocked one, and switches', async () => {
    const user = await createUser(t.db, { firstName: 'Carlos' });
    const first = await createAccount(t.db, { name: 'Alfa Servicios' });
    const second = await createAccount(t.db, { name: 'Beta Hosting' });
    const blocked = await createAccount(t.db, { name: 'Gamma Bloqueada' });
    await createMembership(t.db, user.id, first, { role: 'admin' });
    await createMembership(t.db, user.id, second, { role: 'member', permissions: ['tickets'] });
    await createMembership(t.db, user.id, blocked, { role: 'member', blocked: true });

    const agent = newAgent(t.app);
    const login = await submitForm(agent, '/login', '/login', {
      email: user.email,
      password: 'correct horse battery staple',
    });
    expect(login.headers.location).toBe('/accounts/choose');
    expect((await agent.get('/')).headers.location).toBe('/accounts/choose');

    const page = await agent.get('/accounts/choose');
    expect(page.text).toContain('Alfa Servicios');
    expect(page.text).toContain('Beta Hosting');
    expect(page.text).not.toContain('Gamma Bloqueada');

    const refused = await agent
      .post('/accounts/choose')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), account_id: String(blocked) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Elige una de las cuentas de la lista.');

    const chosen = await agent
      .post('/accounts/choose')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), account_id: String(second) });
    expect(chosen.status).toBe(303);
    const home = await agent.get('/');
    expect(home.text).toContain('Ahora trabajas en Beta Hosting.');
    expect(home.text).toContain('href="/accounts/choose">Cambiar de cuenta</a>');
  });
});

describe('language', () => {
  it('switches to English with a cookie and comes back to the page', async () => {
    const agent = newAgent(t.app);
    const response = await agent.get('/language/en?next=/login');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login');
    const page = await agent.get('/login');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Sign in');
    expect((await agent.get('/language/fr')).status).toBe(404);
    expect((await agent.get('/language/es?next=https://evil.example')).headers.location).toBe('/');
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script and no framing', async () => {
    const response = await newAgent(t.app).get('/login');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const cookie = (response.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});

describe('health', () => {
  it('answers liveness and readiness', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'ready' });
  });
});

describe('/dev/mail', () => {
  it('lists the outbox and shows a message with its links', async () => {
    const queued = await t.deps.mailer.enqueue({
      category: 'account',
      template: 'invitation',
      to: ['nueva@example.test'],
      subject: 'Regístrate ahora',
      text: 'Hola <b>Ana</b>: abre http://localhost:3000/invitations/abc123 para registrarte.',
    });
    const list = await request(t.app).get('/dev/mail');
    expect(list.text).toContain(`href="/dev/mail/${queued.id}">Regístrate ahora</a>`);
    const shown = await request(t.app).get(`/dev/mail/${queued.id}`);
    expect(shown.text).toContain('<a href="http://localhost:3000/invitations/abc123">');
    expect(shown.text).toContain('Hola &lt;b&gt;Ana&lt;/b&gt;');
    expect((await request(t.app).get('/dev/mail/999999')).status).toBe(404);
  });
});
