import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  createAccount,
  createMember,
  createMembership,
  createRateLimit,
  createTwoFactor,
  createUser,
  TEST_PASSWORD,
} from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';
import { recoveryCodesOnPage, secretOnPage, totpCode } from '../helpers/two-factor';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '../../src/services/lockout';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
// Every request comes from the same client address: each test starts with its counter at zero.
afterEach(() => t.db('rate_limits').where('key', 'like', 'login:ip:%').delete());

const WRONG_CODE = 'El código no es correcto o ya se usó.';

/** Types the password; a user with a second factor is sent on to /login/two-factor. */
async function password(email: string, next?: string): Promise<{ agent: Agent; location: string }> {
  const agent = newAgent(t.app);
  const page = await agent.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  const response = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password: TEST_PASSWORD, ...(next ? { next } : {}) });
  expect(response.status).toBe(303);
  return { agent, location: response.headers.location };
}

/** The second step: the code form's page, then the code. */
function secondStep(agent: Agent, code: string, extra: Record<string, string> = {}) {
  return submitForm(agent, '/login/two-factor', '/login/two-factor', { code, ...extra });
}

const audits = (action: string, userId: number) =>
  t.db('audit_events').where({ action, actor_user_id: userId }).orderBy('id');

describe('turning it on under Mi perfil', () => {
  it('shows a QR code and the key, refuses a wrong code (422), and a right one shows ten codes once', async () => {
    const owner = await createMember(t.db, { role: 'owner', firstName: 'Olga' });
    const agent = await signIn(t.app, owner.email);
    expect((await agent.get('/profile')).text).toContain('href="/profile/two-factor"');

    const page = await agent.get('/profile/two-factor');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(textOf(page.text)).toContain('Verificación en dos pasos Desactivada');
    expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" width="200" height="200"/);
    const secret = secretOnPage(page.text);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Shown in groups of four, easier to type than one 32-letter block.
    expect(page.text).toMatch(/<code id="two-factor-secret">(?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}<\/code>/);
    const again = await agent.get('/profile/two-factor');
    expect(secretOnPage(again.text)).toBe(secret);
    const svg = Buffer.from(/data:image\/svg\+xml;base64,([^"]+)/.exec(page.text)![1], 'base64').toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const wrong = await submitForm(agent, '/profile/two-factor', '/profile/two-factor', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(WRONG_CODE);
    expect(secretOnPage(wrong.text)).toBe(secret);
    const malformed = await submitForm(agent, '/profile/two-factor', '/profile/two-factor', { code: '12ab' });
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('Escribe los 6 dígitos que muestra tu app.');
    expect((await t.db('two_factor_credentials').where({ user_id: owner.id }).first()).enabled_at).toBeNull();

    const right = await submitForm(agent, '/profile/two-factor', '/profile/two-factor', {
      code: await totpCode(secret),
    });
    expect(right.status).toBe(200);
    expect(right.headers['cache-control']).toBe('no-store');
    expect(right.text).toContain('Guarda tus códigos de recuperación');
    const codes = recoveryCodesOnPage(right.text);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const row = await t.db('two_factor_credentials').where({ user_id: owner.id }).first();
    expect(row.enabled_at).not.toBeNull();
    expect(row.last_used_step).not.toBeNull();
    expect(row.secret_ciphertext).not.toContain(secret);
    const stored = await t.db('two_factor_recovery_codes').where({ user_id: owner.id }).pluck('code_hash');
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.join()).not.toContain(code.replace(/-/g, ''));

    const after = await agent.get('/profile/two-factor');
    expect(textOf(after.text)).toContain('Activada');
    expect(textOf(after.text)).toContain('Códigos de recuperación sin usar 10');
    expect(after.text).not.toContain(secret);
    expect(after.text).not.toContain(codes[0]);
    expect(await audits('two_factor.enabled', owner.id)).toHaveLength(1);
    expect((await lastMail(t.db, 'two_factor_enabled', owner.email)).subject).toBe(
      'Activaste la verificación en dos pasos en Cuentas',
    );
    // Already on: the set-up cannot be posted again.
    expect((await submitForm(agent, '/profile/two-factor', '/profile/two-factor', { code: '123456' })).status).toBe(
      403,
    );
  });

  it('turns off with a current code (wrong codes count toward the lockout) and tells the user', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const { secret } = await createTwoFactor(t.db, owner.id);
    const { agent: a } = await password(owner.email);
    expect((await secondStep(a, await totpCode(secret))).status).toBe(303);

    const wrong = await submitForm(a, '/profile/two-factor', '/profile/two-factor/delete', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(WRONG_CODE);
    const counter = await t
      .db('rate_limits')
      .where({ key: `login:email:${owner.email}` })
      .first();
    expect(counter.hits).toBe(1);

    const off = await submitForm(a, '/profile/two-factor', '/profile/two-factor/delete', {
      code: await totpCode(secret, 1),
    });
    expect(off.status).toBe(303);
    expect(off.headers.location).toBe('/profile');
    expect((await a.get('/profile')).text).toContain('La verificación en dos pasos se desactivó.');
    expect(await t.db('two_factor_credentials').where({ user_id: owner.id }).first()).toBeUndefined();
    expect(await t.db('two_factor_recovery_codes').where({ user_id: owner.id })).toEqual([]);
    expect(await audits('two_factor.disabled', owner.id)).toHaveLength(1);
    expect(await lastMail(t.db, 'two_factor_disabled', owner.email)).toBeDefined();
    // Next time the password is enough again.
    expect((await password(owner.email)).location).toBe('/');
  });

  it('makes ten new recovery codes; the old ones stop working', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const { secret, recoveryCodes } = await createTwoFactor(t.db, owner.id);
    const { agent } = await password(owner.email);
    await secondStep(agent, await totpCode(secret));
    const renewed = await submitForm(agent, '/profile/two-factor', '/profile/two-factor/recovery-codes', {
      code: recoveryCodes[0],
    });
    expect(renewed.status).toBe(200);
    const fresh = recoveryCodesOnPage(renewed.text);
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[1]);

    const { agent: next } = await password(owner.email);
    const old = await secondStep(next, recoveryCodes[1]);
    expect(old.status).toBe(422);
    // A recovery code is not «the code your app shows now» (issue 21).
    expect(textOf(old.text)).toContain('Ese código de recuperación no es correcto o ya se usó');
    expect(textOf(old.text)).not.toContain('que muestra ahora tu app');
    expect((await secondStep(next, fresh[0])).status).toBe(303);
  });
});

describe('signing in with the second factor', () => {
  it('asks for the code after the password; until then the session is not signed in', async () => {
    const owner = await createMember(t.db, { role: 'owner', firstName: 'Tomás' });
    const { secret } = await createTwoFactor(t.db, owner.id);
    const { agent, location } = await password(owner.email, '/profile');
    expect(location).toBe('/login/two-factor?next=%2Fprofile');

    // Half signed in: no signed-in page, no sign-out, nothing but the second step.
    for (const path of ['/', '/profile', '/profile/two-factor', '/accounts/choose', '/users']) {
      const response = await agent.get(path);
      expect([path, response.status, response.headers.location]).toEqual([path, 303, '/login/two-factor']);
    }
    const page = await agent.get(location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 id="two-factor-title">Verificación en dos pasos</h1>');
    expect(page.text).not.toContain('Hola, Tomás');
    expect(page.text).toContain('<input type="hidden" name="next" value="/profile">');
    const logout = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(logout.headers.location).toBe('/login/two-factor');

    const wrong = await secondStep(agent, '000000', { next: '/profile' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(WRONG_CODE);
    expect(wrong.text).toContain('aria-describedby="hint-code error-code"');
    const empty = await secondStep(agent, '  ');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Escribe el código.');

    const right = await secondStep(agent, (await totpCode(secret)).replace(/(\d{3})/, '$1 '), { next: '/profile' });
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/profile');
    const profile = await agent.get('/profile');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('Hola, Tomás');
    const [success] = await audits('auth.login_succeeded', owner.id);
    expect(success.metadata).toEqual({ via: 'password+totp' });
    const [failure] = await audits('auth.login_failed', owner.id);
    expect(failure.metadata).toMatchObject({ reason: 'wrong_code' });
    // Done: the second step is not there any more.
    expect((await agent.get('/login/two-factor')).status).toBe(403);
  });

  it('refuses a code that was already used (replay), even within its 30 seconds', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const { secret } = await createTwoFactor(t.db, owner.id);
    const code = await totpCode(secret);
    const first = await password(owner.email);
    expect((await secondStep(first.agent, code)).status).toBe(303);

    const second = await password(owner.email);
    const replay = await secondStep(second.agent, code);
    expect(replay.status).toBe(422);
    expect(replay.text).toContain(WRONG_CODE);
    expect((await second.agent.get('/')).headers.location).toBe('/login/two-factor');
    expect((await secondStep(second.agent, await totpCode(secret, 1))).status).toBe(303);
  });

  it('takes each recovery code once, records its use and says how many are left', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const { recoveryCodes } = await createTwoFactor(t.db, owner.id);
    const first = await password(owner.email);
    const used = await secondStep(first.agent, recoveryCodes[3].toUpperCase());
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe('/');
    expect(textOf((await first.agent.get('/')).text)).toContain('Usaste un código de recuperación');
    expect(textOf((await first.agent.get('/profile/two-factor')).text)).toContain('Códigos de recuperación sin usar 9');
    expect(await audits('two_factor.recovery_code_used', owner.id)).toHaveLength(1);
    const [success] = await audits('auth.login_succeeded', owner.id);
    expect(success.metadata).toEqual({ via: 'password+recovery_code' });

    const second = await password(owner.email);
    expect((await secondStep(second.agent, recoveryCodes[3])).status).toBe(422);
    expect((await secondStep(second.agent, recoveryCodes[4].replace(/-/g, ''))).status).toBe(303);
  });

  it('counts wrong codes in the lockout: after five, even the right code and the password fail', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const { secret } = await createTwoFactor(t.db, owner.id);
    const { agent } = await password(owner.email);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) expect((await secondStep(agent, '000000')).status).toBe(422);
    const locked = await secondStep(agent, await totpCode(secret));
    expect(locked.status).toBe(422);
    expect((await agent.get('/')).headers.location).toBe('/login/two-factor');
    const [last] = (await audits('auth.login_failed', owner.id)).slice(-1);
    expect(last.metadata).toMatchObject({ reason: 'locked' });

    const again = await submitForm(newAgent(t.app), '/login', '/login', {
      email: owner.email,
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(401);
  });

  it('answers 429 once the client address has failed too often', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    await createTwoFactor(t.db, owner.id);
    const { agent } = await password(owner.email);
    expect((await secondStep(agent, '000000')).status).toBe(422);
    const [counter] = await t.db('rate_limits').where('key', 'like', 'login:ip:%');
    await createRateLimit(t.db, counter.key, { hits: MAX_FAILURES_PER_IP, resetInSeconds: 600 });
    const response = await secondStep(agent, '123456');
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('sends a visitor without a password step back to /login', async () => {
    const agent = newAgent(t.app);
    expect((await agent.get('/login/two-factor')).headers.location).toBe('/login');
    const page = await agent.get('/login');
    const post = await agent
      .post('/login/two-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: '123456' });
    expect([post.status, post.headers.location]).toEqual([303, '/login']);
  });

  it('asks an existing login with a factor for the code before accepting an invitation signs it in', async () => {
    const invitee = await createMember(t.db, { role: 'owner', email: `invitada-${Date.now()}@example.test` });
    const { secret } = await createTwoFactor(t.db, invitee.id);
    const owner = await createMember(t.db, { role: 'owner' });
    const manager = (await password(owner.email)).agent;
    await submitForm(manager, '/users/new', '/users/new', {
      first_name: 'Inés',
      last_name: 'Ruiz',
      email: invitee.email,
      role: 'member',
      permissions: ['tickets'],
    });
    const link = await linkInMail(t.db, 'invitation_existing', invitee.email);
    const agent = newAgent(t.app);
    const accepted = await submitForm(agent, link, link, { password: TEST_PASSWORD });
    expect([accepted.status, accepted.headers.location]).toEqual([303, '/login/two-factor']);
    expect((await agent.get('/')).headers.location).toBe('/login/two-factor');
    expect((await secondStep(agent, await totpCode(secret))).status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
  });
});

describe('when a role requires it (TWO_FACTOR_REQUIRED_FOR=staff,partner)', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await buildTestApp({ env: { TWO_FACTOR_REQUIRED_FOR: 'staff,partner' } });
  });
  afterAll(() => r.close());

  async function partner() {
    const reseller = await createAccount(r.db, { kind: 'reseller' });
    const user = await createUser(r.db, { firstName: 'Sergio' });
    await createMembership(r.db, user.id, reseller, { role: 'admin' });
    return user;
  }

  it('sends a partner without a factor to set one up at sign-in, and nothing else until it is done', async () => {
    const user = await partner();
    const agent = newAgent(r.app);
    const signedIn = await submitForm(agent, '/login', '/login', { email: user.email, password: TEST_PASSWORD });
    expect(signedIn.headers.location).toBe('/login/two-factor');
    for (const path of ['/', '/profile', '/profile/two-factor'])
      expect((await agent.get(path)).headers.location).toBe('/login/two-factor');

    const page = await agent.get('/login/two-factor');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Configura la verificación en dos pasos');
    expect(page.text).toContain('Tu cuenta exige verificación en dos pasos.');
    const secret = secretOnPage(page.text);

    const wrong = await submitForm(agent, '/login/two-factor', '/login/two-factor', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(secretOnPage(wrong.text)).toBe(secret);
    const recovery = await submitForm(agent, '/login/two-factor', '/login/two-factor', {
      code: 'abcd-efgh-jkmn-pqrs',
    });
    expect(recovery.status).toBe(422);
    expect(recovery.text).toContain('Escribe los 6 dígitos que muestra tu app.');

    const done = await submitForm(agent, '/login/two-factor', '/login/two-factor', { code: await totpCode(secret) });
    expect(done.status).toBe(200);
    expect(recoveryCodesOnPage(done.text)).toHaveLength(10);
    expect(done.text).toContain('href="/"');
    // A partner's home is the Accounts Manager.
    expect((await agent.get('/')).headers.location).toBe('/manager');
    const home = await agent.get('/manager');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Hola, Sergio');
    const [success] = await r.db('audit_events').where({ action: 'auth.login_succeeded', actor_user_id: user.id });
    expect(success.metadata).toEqual({ via: 'password+totp_setup' });

    // Required: it cannot be turned off.
    const settings = await agent.get('/profile/two-factor');
    expect(settings.text).toContain('no se puede desactivar');
    expect(settings.text).not.toContain('formaction="/profile/two-factor/delete"');
    const off = await agent
      .post('/profile/two-factor/delete')
      .type('form')
      .send({ _csrf: csrfFrom(settings.text), code: await totpCode(secret, 1) });
    expect(off.status).toBe(403);
    expect(await r.db('two_factor_credentials').where({ user_id: user.id }).first()).toBeDefined();

    // Next time: the code, not the set-up.
    const next = newAgent(r.app);
    await submitForm(next, '/login', '/login', { email: user.email, password: TEST_PASSWORD });
    expect((await next.get('/login/two-factor')).text).toContain('Escribe el código de 6 dígitos');
  });

  it('requires it of platform staff too, and of nobody else by default', async () => {
    const platform = await createAccount(r.db, { kind: 'platform' });
    const agentUser = await createUser(r.db);
    await createMembership(r.db, agentUser.id, platform, { role: 'member' });
    const staff = await submitForm(newAgent(r.app), '/login', '/login', {
      email: agentUser.email,
      password: TEST_PASSWORD,
    });
    expect(staff.headers.location).toBe('/login/two-factor');

    const owner = await createMember(r.db, { role: 'owner' });
    const customer = await submitForm(newAgent(r.app), '/login', '/login', {
      email: owner.email,
      password: TEST_PASSWORD,
    });
    expect(customer.headers.location).toBe('/');
  });
});

describe('an owner resets a member’s second factor', () => {
  it('from the user’s page: the factor is gone, the member is told, the event is in the activity log', async () => {
    const accountId = await createAccount(t.db, { name: 'Restablece SA' });
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olivia' });
    const member = await createMember(t.db, {
      role: 'member',
      accountId,
      firstName: 'Mario',
      permissions: ['tickets'],
    });
    const { recoveryCodes } = await createTwoFactor(t.db, member.id);
    const agent = await signIn(t.app, owner.email);

    const page = await agent.get(`/users/${member.membershipId}`);
    expect(textOf(page.text)).toContain('Verificación en dos pasos Activada');
    expect(page.text).toContain(`action="/users/${member.membershipId}/reset-two-factor"`);
    const reset = await submitForm(
      agent,
      `/users/${member.membershipId}`,
      `/users/${member.membershipId}/reset-two-factor`,
      {},
    );
    expect(reset.status).toBe(303);
    expect(reset.headers.location).toBe(`/users/${member.membershipId}`);
    const after = await agent.get(`/users/${member.membershipId}`);
    expect(after.text).toContain('Se quitó la verificación en dos pasos de Mario Usuario y le avisamos por correo.');
    expect(textOf(after.text)).toContain('Verificación en dos pasos Desactivada');
    expect(after.text).not.toContain('reset-two-factor');

    expect(await t.db('two_factor_credentials').where({ user_id: member.id }).first()).toBeUndefined();
    const mail = await lastMail(t.db, 'two_factor_reset', member.email);
    expect(mail.subject).toBe('Se restableció tu verificación en dos pasos en Cuentas');
    expect(mail.text_body).toContain('Olivia Usuario, de Restablece SA');
    const event = await t.db('audit_events').where({ action: 'user.two_factor_reset' }).first();
    expect(event).toMatchObject({ account_id: accountId, actor_user_id: owner.id, target_id: member.membershipId });
    expect(textOf((await agent.get('/activity')).text)).toContain(
      'restableció la verificación en dos pasos de un usuario',
    );

    // The member signs in with the password alone now; old recovery codes mean nothing.
    expect((await password(member.email)).location).toBe('/');
    expect(recoveryCodes).toHaveLength(10);
  });

  it('ends the member’s sessions: the one signed in with the removed factor is out at its next click', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const member = await createMember(t.db, { role: 'member', accountId, permissions: ['tickets'] });
    const { secret } = await createTwoFactor(t.db, member.id);
    const signed = await password(member.email);
    expect((await secondStep(signed.agent, await totpCode(secret))).status).toBe(303);
    expect((await signed.agent.get('/')).status).toBe(200);

    const agent = await signIn(t.app, owner.email);
    const reset = await submitForm(
      agent,
      `/users/${member.membershipId}`,
      `/users/${member.membershipId}/reset-two-factor`,
      {},
    );
    expect(reset.status).toBe(303);
    const next = await signed.agent.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login');
    // The manager who reset it stays signed in.
    expect((await agent.get(`/users/${member.membershipId}`)).status).toBe(200);
  });

  it('is not offered, and refused, where it would reach beyond the account or above the manager', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const admin = await createMember(t.db, { role: 'admin', accountId });
    const plain = await createMember(t.db, { role: 'member', accountId });
    const shared = await createMember(t.db, { role: 'member', accountId });
    await createMembership(t.db, shared.id, await createAccount(t.db, { kind: 'reseller' }), { role: 'admin' });
    for (const u of [owner, shared]) await createTwoFactor(t.db, u.id);
    const adminAgent = await signIn(t.app, admin.email);

    const post = (membershipId: number) =>
      submitForm(adminAgent, `/users/${membershipId}`, `/users/${membershipId}/reset-two-factor`, {});
    expect((await post(owner.membershipId)).status).toBe(403); // an admin does nothing to the owner
    expect((await post(plain.membershipId)).status).toBe(403); // no factor to reset
    const sharedPage = await adminAgent.get(`/users/${shared.membershipId}`);
    expect(sharedPage.text).toContain('usa este acceso en otras cuentas');
    expect((await post(shared.membershipId)).status).toBe(403); // the login is used elsewhere
    const stranger = await createMember(t.db, { role: 'member' });
    await createTwoFactor(t.db, stranger.id);
    const foreign = await adminAgent
      .post(`/users/${stranger.membershipId}/reset-two-factor`)
      .type('form')
      .send({ _csrf: csrfFrom(sharedPage.text) });
    expect(foreign.status).toBe(404);
    expect(await t.db('two_factor_credentials').whereIn('user_id', [owner.id, shared.id, stranger.id])).toHaveLength(3);
  });
});
