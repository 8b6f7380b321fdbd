import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, sessionCookie, signIn, submitForm, textOf } from '../helpers/agent';
import {
  createAccount,
  createMember,
  createMembership,
  createRateLimit,
  createUser,
  TEST_PASSWORD,
} from '../helpers/factories';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '../../src/services/lockout';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const FAILURE_TEXT = 'El correo electrónico o la contraseña no son correctos';

describe('GET /login', () => {
  it('shows the sign-in form in Spanish with a CSRF token', async () => {
    const response = await newAgent(t.app).get('/login');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<h1 id="login-title">Iniciar sesión</h1>');
    expect(response.text).toMatch(/<label for="field-email">Correo electrónico<\/label>/);
    expect(csrfFrom(response.text)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the form without writing a session row (issue 22 item 9: 100 visits were 100 rows)', async () => {
    const rows = async () => Number((await t.db('session').count<{ count: string }[]>('* as count'))[0].count);
    const before = await rows();
    for (let i = 0; i < 20; i++) {
      const page = await newAgent(t.app).get('/login');
      expect(page.status).toBe(200);
      expect(sessionCookie(page)).toBeUndefined();
    }
    expect(await rows()).toBe(before);
  });

  it('sends an anonymous visitor from / to the sign-in page', async () => {
    const response = await newAgent(t.app).get('/');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login');
  });

  it('remembers a deep link as a same-origin path only', async () => {
    const deep = await newAgent(t.app).get('/accounts/choose');
    expect(deep.headers.location).toBe('/login?next=%2Faccounts%2Fchoose');
    const evil = await newAgent(t.app).get('/login?next=//evil.example/x');
    expect(evil.text).not.toContain('evil.example');
  });
});

describe('POST /login', () => {
  it('signs in, changes the session id and lands on the dashboard with the Hola menu', async () => {
    const owner = await createMember(t.db, { role: 'owner', firstName: 'Patricia' });
    const agent = newAgent(t.app);
    const page = await agent.get('/login');
    // The form opens no session (its token is bound to a cookie): the session begins here.
    expect(sessionCookie(page)).toBeUndefined();

    const response = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: owner.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(sessionCookie(response)).toBeDefined();

    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<summary>Hola, Patricia</summary>');
    expect(home.text).toContain('Cerrar sesión');

    const audit = await t.db('audit_events').where({ action: 'auth.login_succeeded', actor_user_id: owner.id }).first();
    expect(audit).toBeDefined();
  });

  it('keeps the old session id useless after sign-in (no fixation)', async () => {
    const owner = await createMember(t.db);
    const agent = newAgent(t.app);
    // A session begun before signing in (the recovery form opens one): sign-in replaces it.
    const before = sessionCookie(await agent.get('/password/forgot'))!;
    expect(before).toBeDefined();
    const page = await agent.get('/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: owner.email, password: TEST_PASSWORD });
    const replay = await newAgent(t.app).get('/').set('Cookie', before);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login');
  });

  it('returns to the deep link after signing in', async () => {
    const user = await createUser(t.db);
    await createMembership(t.db, user.id, await createAccount(t.db), { role: 'owner' });
    const agent = newAgent(t.app);
    const page = await agent.get('/login?next=%2Faccounts%2Fchoose');
    const response = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: TEST_PASSWORD, next: '/accounts/choose' });
    expect(response.headers.location).toBe('/accounts/choose');
  });

  it('answers 422 with the e-mail kept and a message beside each empty field', async () => {
    const response = await submitForm(newAgent(t.app), '/login', '/login', {
      email: 'someone@example.test',
      password: '',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('value="someone@example.test"');
    expect(response.text).toContain('id="error-password"');
    expect(response.text).toContain('Escribe tu contraseña.');
    expect(response.text).toContain('Hay un problema');
  });

  it('gives one answer for unknown e-mail, wrong password, blocked and unaccepted users', async () => {
    const known = await createMember(t.db);
    const blockedUser = await createUser(t.db);
    await createMembership(t.db, blockedUser.id, await createAccount(t.db), { role: 'member', blocked: true });
    const invited = await createUser(t.db, { password: null });
    await createMembership(t.db, invited.id, await createAccount(t.db), { role: 'member' });

    const attempts = [
      { email: 'nadie@example.test', password: TEST_PASSWORD },
      { email: known.email, password: 'wrong password 123' },
      { email: blockedUser.email, password: TEST_PASSWORD },
      { email: invited.email, password: TEST_PASSWORD },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const response = await submitForm(newAgent(t.app), '/login', '/login', attempt);
      answers.push({ status: response.status, text: textOf(response.text).replace(attempt.email, 'EMAIL') });
    }
    expect(answers[0].status).toBe(401);
    expect(answers[0].text).toContain(FAILURE_TEXT);
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    const reasons = await t.db('audit_events').where({ action: 'auth.login_failed' }).pluck('metadata');
    expect(reasons.map((m: { reason: string }) => m.reason)).toEqual(
      expect.arrayContaining(['unknown_email', 'wrong_password', 'blocked']),
    );
    expect(JSON.stringify(reasons)).not.toContain(TEST_PASSWORD);
  });

  it('locks an e-mail after repeated failures, with the same answer even for the right password', async () => {
    const user = await createMember(t.db);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      const response = await submitForm(newAgent(t.app), '/login', '/login', {
        email: user.email,
        password: `wrong ${i} attempt!!`,
      });
      expect(response.status).toBe(401);
    }
    const locked = await submitForm(newAgent(t.app), '/login', '/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(locked.status).toBe(401);
    expect(textOf(locked.text)).toContain(FAILURE_TEXT);

    // When the window has passed, the right password works again.
    await createRateLimit(t.db, `login:email:${user.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: -1 });
    const later = await submitForm(newAgent(t.app), '/login', '/login', { email: user.email, password: TEST_PASSWORD });
    expect(later.status).toBe(303);
  });

  it('answers 429 with a page and Retry-After once an address has failed too often', async () => {
    const agent = newAgent(t.app);
    await submitForm(agent, '/login', '/login', { email: 'nadie@example.test', password: 'not the password' });
    // One failure recorded the client's address as the app sees it; bring it to the limit.
    const updated = await t.db('rate_limits').where('key', 'like', 'login:ip:%').update({ hits: MAX_FAILURES_PER_IP });
    expect(updated).toBe(1);

    const response = await submitForm(agent, '/login', '/login', {
      email: 'nadie@example.test',
      password: 'not the password',
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.text).toContain('Demasiados intentos');
    await t.db('rate_limits').where('key', 'like', 'login:ip:%').delete();
  });

  it("refuses a POST without the CSRF token, or with another session's token, and signs nobody in", async () => {
    const user = await createMember(t.db);
    const missing = await newAgent(t.app)
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('La página caducó');

    const other = await newAgent(t.app).get('/login');
    const agent = newAgent(t.app);
    await agent.get('/login');
    const foreign = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(other.text), email: user.email, password: TEST_PASSWORD });
    expect(foreign.status).toBe(403);
    expect((await agent.get('/')).headers.location).toBe('/login');
    expect(
      await t.db('audit_events').where({ action: 'auth.login_succeeded', actor_user_id: user.id }).first(),
    ).toBeUndefined();
  });

  it('sends a signed-in user who opens the sign-in page home', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const response = await agent.get('/login');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
  });
});

describe('POST /logout', () => {
  it('ends the session: the old cookie no longer works', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const home = await agent.get('/');
    const cookie = home.request.cookies;
    const response = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?signed_out=1');
    const replay = await newAgent(t.app).get('/').set('Cookie', cookie);
    expect(replay.headers.location).toBe('/login');
    const page = await agent.get('/login?signed_out=1');
    expect(page.text).toContain('Cerraste sesión');
  });

  it('keeps the session when the CSRF token is wrong', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const response = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: 'f'.repeat(64) });
    expect(response.status).toBe(403);
    expect((await agent.get('/')).status).toBe(200);
  });
});
