import type { Express } from 'express';
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createMember, createMembership, TEST_PASSWORD } from '../helpers/factories';

/** Issue 22, item 11: sessions and devices. */

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36';
const CHROME_ANDROID_NEWER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.6533.64 Mobile Safari/537.36';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Signs in from a browser that sends `userAgent` with every request. */
async function signInWith(app: Express, email: string, userAgent: string): Promise<Agent> {
  const agent = newAgent(app).set('User-Agent', userAgent);
  const response = await submitForm(agent, '/login', '/login', { email, password: TEST_PASSWORD });
  if (response.status !== 303) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return agent;
}

/** The «Cerrar sesión» forms of a page: where each posts. */
const endForms = (html: string) => [...html.matchAll(/action="([^"]+\/[0-9a-f]{64}\/delete)"/g)].map((m) => m[1]);

async function post(agent: Agent, page: string, action: string) {
  const html = (await agent.get(page)).text;
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(html) });
}

const mailsTo = (template: string, email: string) =>
  t.db('mail_outbox').where({ template }).whereRaw('? = ANY(to_addresses)', [email]);

describe('/profile/sessions', () => {
  it('lists every open session with browser, system, address and times, and marks this one', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const laptop = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    await signInWith(t.app, owner.email, CHROME_ANDROID);

    const page = await laptop.get('/profile/sessions');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Sesiones y dispositivos');
    expect(text).toContain('2 sesiones abiertas');
    expect(text).toContain('Firefox 128 en Windows 10 Este dispositivo');
    expect(text).toContain('Chrome 126 en Android 14');
    expect(text).toContain('Dirección IP');
    expect(text).toContain('Última actividad');
    expect(text).toContain('Cerrar todas las demás');
    // This device is ended with «Cerrar sesión» in the menu: only the other one has a form here.
    expect(endForms(page.text)).toHaveLength(1);
    // Never the session id itself (it is the cookie's secret).
    const sids = await t
      .db('session')
      .whereRaw(`sess->>'userId' = ?`, [String(owner.id)])
      .pluck('sid');
    for (const sid of sids) expect(page.text).not.toContain(sid);
    // Reached from Mi perfil.
    expect((await laptop.get('/profile')).text).toContain('href="/profile/sessions"');
  });

  it('ends another session: that browser is signed out at its next click, and it is audited', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const laptop = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    const phone = await signInWith(t.app, owner.email, CHROME_ANDROID);
    expect((await phone.get('/')).status).toBe(200);

    const [other] = endForms((await laptop.get('/profile/sessions')).text);
    const ended = await post(laptop, '/profile/sessions', other);
    expect(ended.status).toBe(303);
    expect(textOf((await laptop.get('/profile/sessions')).text)).toContain('Cerramos esa sesión');

    const next = await phone.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);
    expect((await laptop.get('/')).status).toBe(200);
    const events = await t.db('audit_events').where({ actor_user_id: owner.id }).pluck('action');
    expect(events).toContain('auth.session_ended');
  });

  it('«Cerrar todas las demás» keeps only this one', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const laptop = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    const phone = await signInWith(t.app, owner.email, CHROME_ANDROID);
    const mac = await signInWith(t.app, owner.email, SAFARI_MAC);

    const ended = await post(laptop, '/profile/sessions', '/profile/sessions/delete');
    expect(ended.status).toBe(303);
    const page = textOf((await laptop.get('/profile/sessions')).text);
    expect(page).toContain('Cerramos 2 sesiones en otros dispositivos.');
    expect(page).toContain('1 sesión abierta');
    expect(page).not.toContain('Cerrar todas las demás');
    expect((await phone.get('/')).status).toBe(303);
    expect((await mac.get('/')).status).toBe(303);
  });

  it("cannot end someone else's session, nor pass anything but a handle", async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const stranger = await createMember(t.db, { role: 'owner' });
    const mine = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    const theirs = await signInWith(t.app, stranger.email, FIREFOX_WINDOWS);
    await signInWith(t.app, stranger.email, CHROME_ANDROID);
    const [theirOther] = endForms((await theirs.get('/profile/sessions')).text);

    const refused = await post(mine, '/profile/sessions', theirOther);
    expect(refused.status).toBe(303);
    expect(textOf((await mine.get('/profile/sessions')).text)).toContain('Esa sesión ya había terminado.');
    expect(endForms((await theirs.get('/profile/sessions')).text)).toEqual([theirOther]);
    expect((await post(mine, '/profile/sessions', '/profile/sessions/not-a-handle/delete')).status).toBe(404);
    expect((await newAgent(t.app).get('/profile/sessions')).status).toBe(303);
  });
});

describe('a sign-in from a browser not used before', () => {
  it('e-mails the user once per device, with a link to the sessions page; never for the first one', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    expect(await mailsTo('new_device', owner.email)).toHaveLength(0);
    await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    expect(await mailsTo('new_device', owner.email)).toHaveLength(0);

    await signInWith(t.app, owner.email, CHROME_ANDROID);
    const [mail] = await mailsTo('new_device', owner.email);
    expect(mail.subject).toBe('Nuevo inicio de sesión en tu ID de Cuentas');
    expect(mail.text_body).toContain('Chrome 126 en Android 14');
    expect(mail.text_body).toContain(`${t.config.baseUrl}/profile/sessions`);

    // An updated browser is the same device.
    await signInWith(t.app, owner.email, CHROME_ANDROID_NEWER);
    expect(await mailsTo('new_device', owner.email)).toHaveLength(1);
  });
});

describe("a member's sessions in Administrar usuarios", () => {
  it('the owner sees them and ends them all: audited, the member is e-mailed and signed out', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const member = await createMember(t.db, { role: 'member', accountId: owner.accountId, permissions: ['tickets'] });
    const manager = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    const phone = await signInWith(t.app, member.email, CHROME_ANDROID);
    await signInWith(t.app, member.email, SAFARI_MAC);

    const userPage = `/users/${member.membershipId}`;
    const page = await manager.get(userPage);
    const text = textOf(page.text);
    expect(text).toContain('Sesiones abiertas');
    expect(text).toContain('Chrome 126 en Android 14');
    expect(text).toContain('Safari 17 en Mac OS 14.5');
    expect(text).not.toContain('Este dispositivo');
    expect(endForms(page.text)).toHaveLength(2);

    const ended = await post(manager, userPage, `${userPage}/sessions/delete`);
    expect(ended.status).toBe(303);
    expect(textOf((await manager.get(userPage)).text)).toContain('No tiene ninguna sesión abierta.');
    expect((await phone.get('/')).status).toBe(303);
    const [mail] = await mailsTo('sessions_ended', member.email);
    expect(mail.subject).toBe('Se cerraron 2 sesiones de tu ID de Cuentas');
    const event = await t
      .db('audit_events')
      .where({ action: 'user.sessions_ended', account_id: owner.accountId })
      .first();
    expect(event).toMatchObject({ actor_user_id: owner.id, target_id: member.membershipId });
  });

  it('ends one session of a member', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const member = await createMember(t.db, { role: 'admin', accountId: owner.accountId });
    const manager = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    const phone = await signInWith(t.app, member.email, CHROME_ANDROID);
    const mac = await signInWith(t.app, member.email, SAFARI_MAC);
    const userPage = `/users/${member.membershipId}`;
    const page = await manager.get(userPage);
    const phoneForm = /<h3 class="sessions__device">Chrome[\s\S]*?action="([^"]+)"/.exec(page.text)![1];
    expect((await post(manager, userPage, phoneForm)).status).toBe(303);
    expect((await phone.get('/')).status).toBe(303);
    expect((await mac.get('/')).status).toBe(200);
  });

  it("an admin cannot see or end the owner's sessions (403), nor another account's user's (404)", async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const admin = await createMember(t.db, { role: 'admin', accountId: owner.accountId });
    const elsewhere = await createMember(t.db, { role: 'member' });
    await signInWith(t.app, owner.email, CHROME_ANDROID);
    const agent = await signInWith(t.app, admin.email, FIREFOX_WINDOWS);

    const ownerPage = `/users/${owner.membershipId}`;
    expect(textOf((await agent.get(ownerPage)).text)).not.toContain('Sesiones abiertas');
    expect((await post(agent, '/profile/sessions', `${ownerPage}/sessions/delete`)).status).toBe(403);
    expect((await post(agent, '/profile/sessions', `/users/${elsewhere.membershipId}/sessions/delete`)).status).toBe(
      404,
    );
    expect(await t.db('session').whereRaw(`sess->>'userId' = ?`, [String(owner.id)])).toHaveLength(1);
  });

  it('a login that is also used in another account: its sessions are not shown nor ended from here', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const member = await createMember(t.db, { role: 'member', accountId: owner.accountId, permissions: ['tickets'] });
    await createMembership(t.db, member.id, await createAccount(t.db), { role: 'admin' });
    const manager = await signInWith(t.app, owner.email, FIREFOX_WINDOWS);
    await signInWith(t.app, member.email, CHROME_ANDROID);
    const userPage = `/users/${member.membershipId}`;
    expect(textOf((await manager.get(userPage)).text)).not.toContain('Sesiones abiertas');
    expect((await post(manager, userPage, `${userPage}/sessions/delete`)).status).toBe(403);
  });
});
