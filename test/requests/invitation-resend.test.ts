import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, TEST_ANSWERS } from '../helpers/factories';
import { linkInMail } from '../helpers/mail';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';

/**
 * Issue 10 item 1 (a resend to a corrected address must not rewrite a login another account uses)
 * and issue 12 item 2 (a resend whose mail is refused changes nothing).
 */

let t: TestApp;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ smtpUrl: sink.url });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

async function addUser(agent: Awaited<ReturnType<typeof signIn>>, email: string, role = 'member') {
  const response = await submitForm(agent, '/users/new', '/users/new', {
    first_name: 'Víctor',
    last_name: 'Ima',
    email,
    role,
    permissions: ['tickets'],
  });
  expect(response.status).toBe(303);
  return response.headers.location;
}

async function register(link: string) {
  const visitor = newAgent(t.app);
  return submitForm(visitor, link, link, {
    password: 'una clave larga y buena 2026',
    password_confirmation: 'una clave larga y buena 2026',
    questions: TEST_ANSWERS.map((a) => a.question),
    answers: TEST_ANSWERS.map((a) => a.answer),
  });
}

describe('a corrected address on a resend (issue 10, item 1)', () => {
  it("never changes the login of someone another account has invited: Delta's correction is a new invitation", async () => {
    const abc = await createAccount(t.db, { name: 'ABC Company' });
    const delta = await createAccount(t.db, { name: 'Delta Hosting' });
    const abcOwner = await createMember(t.db, { role: 'owner', accountId: abc });
    const deltaAdmin = await createMember(t.db, { role: 'admin', accountId: delta });
    const abcAgent = await signIn(t.app, abcOwner.email);
    const deltaAgent = await signIn(t.app, deltaAdmin.email);

    const abcPage = await addUser(abcAgent, 'victim@new.example', 'admin');
    const abcLink = await linkInMail(t.db, 'invitation', 'victim@new.example');
    const deltaPage = await addUser(deltaAgent, 'victim@new.example');
    const victim = await t.db('users').where({ email: 'victim@new.example' }).first();

    const resend = await submitForm(deltaAgent, deltaPage, `${deltaPage}/resend-invitation`, {
      email: 'attacker@evil.example',
    });
    expect(resend.status).toBe(303);
    // The identity ABC invited is untouched: same address, and ABC's link still opens.
    expect((await t.db('users').where({ id: victim.id }).first()).email).toBe('victim@new.example');
    expect((await newAgent(t.app).get(abcLink)).status).toBe(200);
    const abcUser = textOf((await abcAgent.get(abcPage)).text);
    expect(abcUser).toContain('victim@new.example');
    expect(abcUser).not.toContain('attacker@evil.example');

    // ABC's next resend still goes to the victim, never to the attacker.
    expect((await submitForm(abcAgent, abcPage, `${abcPage}/resend-invitation`, {})).status).toBe(303);
    const abcMail = await t.db('mail_outbox').where({ template: 'invitation' }).orderBy('id', 'desc').first();
    expect(abcMail.to_addresses).toEqual(['victim@new.example']);

    // Delta's place now invites the new address; Delta's own link to the old address died with it.
    const attackerLink = await linkInMail(t.db, 'invitation', 'attacker@evil.example');
    expect(resend.headers.location).toBe(deltaPage);
    expect(textOf((await deltaAgent.get(deltaPage)).text)).toContain('attacker@evil.example');
    expect(await t.db('memberships').where({ user_id: victim.id, account_id: delta }).first()).toBeUndefined();
    const openToVictim = await t.db('invitations').where({ sent_to: 'victim@new.example' }).whereNull('revoked_at');
    expect(openToVictim).toHaveLength(1); // ABC's resend; Delta's link to that address is revoked

    // Registering from the attacker's link gives a login in Delta only.
    expect((await register(attackerLink)).status).toBe(303);
    const attacker = await t.db('users').where({ email: 'attacker@evil.example' }).first();
    const accounts = await t.db('memberships').where({ user_id: attacker.id }).pluck('account_id');
    expect(accounts.map(Number)).toEqual([delta]);
  });

  it('still corrects the address of a login only this account uses', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const page = await addUser(agent, 'solo.typo@example.test');
    const user = await t.db('users').where({ email: 'solo.typo@example.test' }).first();
    const resend = await submitForm(agent, page, `${page}/resend-invitation`, { email: 'solo@example.test' });
    expect(resend.status).toBe(303);
    expect(resend.headers.location).toBe(page);
    expect((await t.db('users').where({ id: user.id }).first()).email).toBe('solo@example.test');
  });

  it("invites an address that is already someone's login without saying so, through «ingresa con tu ID»", async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const elsewhere = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const page = await addUser(agent, 'otra.typo@example.test');
    const resend = await submitForm(agent, page, `${page}/resend-invitation`, { email: elsewhere.email });
    expect(resend.status).toBe(303);
    expect(textOf((await agent.get(resend.headers.location)).text)).toContain(
      `Reenviamos la invitación a ${elsewhere.email}.`,
    );
    const user = await t.db('users').where({ email: elsewhere.email }).first();
    expect(await t.db('memberships').where({ user_id: user.id, account_id: owner.accountId }).first()).toBeDefined();
  });
});

describe('a resend whose e-mail is refused (issue 12, item 2)', () => {
  it('a failed send goes back to the user page (303) with what was typed, and changes nothing', async () => {
    const refusing = await startSmtpSink({ refuse: true });
    const down = await buildTestApp({ smtpUrl: refusing.url });
    try {
      const owner = await createMember(down.db, { role: 'owner' });
      const agent = await signIn(down.app, owner.email);
      const added = await submitForm(agent, '/users/new', '/users/new', {
        first_name: 'Inés',
        last_name: 'Rey',
        email: 'ines@example.test',
        role: 'member',
      });
      const page = added.headers.location;
      const oldLink = await linkInMail(down.db, 'invitation', 'ines@example.test');
      const invitations = await down.db('invitations').count('* as n').first();

      const corrected = await submitForm(agent, page, `${page}/resend-invitation`, {
        email: 'ines.corregida@example.test',
      });
      // Not left on the POST's URL (issue 21): a reload must not send again.
      expect(corrected.status).toBe(303);
      expect(corrected.headers.location).toBe(page);
      const shown = await agent.get(page);
      expect(textOf(shown.text)).toContain('No se pudo enviar el correo electrónico de invitación');
      expect(shown.text).toContain('value="ines.corregida@example.test"');
      // Shown once: the page opened again offers the address the invitation went to.
      expect((await agent.get(page)).text).not.toContain('ines.corregida@example.test');
      expect(await down.db('users').where({ email: 'ines.corregida@example.test' }).first()).toBeUndefined();
      expect(await down.db('users').where({ email: 'ines@example.test' }).first()).toBeDefined();
      expect((await newAgent(down.app).get(oldLink)).status).toBe(200);

      const same = await submitForm(agent, page, `${page}/resend-invitation`, {});
      expect(same.status).toBe(303);
      expect(textOf((await agent.get(page)).text)).toContain('No se pudo enviar el correo electrónico de invitación');
      expect((await newAgent(down.app).get(oldLink)).status).toBe(200);
      expect(await down.db('invitations').count('* as n').first()).toEqual(invitations);
      // Nothing changed; what stays is each attempt, recorded as a failure (issue 22, item 12).
      expect(await down.db('audit_events').where({ action: 'user.invitation_resent' }).orderBy('id')).toMatchObject([
        { outcome: 'failed', reason: 'mail_refused', metadata: { email: 'ines.corregida@example.test' } },
        { outcome: 'failed', reason: 'mail_refused', metadata: { email: 'ines@example.test' } },
      ]);
      const log = textOf((await agent.get('/activity')).text);
      expect(log).toContain('no pudo reenviar la invitación: Inés Rey (ines.corregida@example.test)');
      expect(log).toContain('El servidor de correo rechazó el mensaje.');
    } finally {
      await down.close();
      await refusing.close();
    }
  });
});
