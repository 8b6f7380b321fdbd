/* Issue 22, item 12: failures recorded as failures — an invitation or a reset link whose mail was refused. */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createAuditEvents, createMember } from '../helpers/factories';
import { closedPort, startSmtpSink, type SmtpSink } from '../helpers/smtp';

let refusing: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  refusing = await startSmtpSink({ refuse: true });
  t = await buildTestApp({ smtpUrl: refusing.url });
});
afterAll(async () => {
  await t.close();
  await refusing.close();
});

it('records an invitation whose e-mail the server refused as a failure, and says so in the activity', async () => {
  const owner = await createMember(t.db, { role: 'owner', firstName: 'Olga' });
  const agent = await signIn(t.app, owner.email);
  const added = await submitForm(agent, '/users/new', '/users/new', {
    first_name: 'Inés',
    last_name: 'Rey',
    email: 'ines@example.test',
    role: 'member',
  });
  expect(added.status).toBe(303);
  const events = await t
    .db('audit_events')
    .where({ account_id: owner.accountId, action: 'user.invited' })
    .orderBy('id');
  expect(events).toMatchObject([
    { outcome: 'ok', reason: '' },
    { outcome: 'failed', reason: 'mail_refused', metadata: { email: 'ines@example.test' } },
  ]);
  const log = textOf((await agent.get('/activity')).text);
  expect(log).toContain('Olga Usuario no pudo enviar la invitación: Inés Rey (ines@example.test)');
  expect(log).toContain('El servidor de correo rechazó el mensaje.');
});

it('records a reset link whose e-mail was refused as a failure, and tells the manager at once', async () => {
  const owner = await createMember(t.db, { role: 'owner', firstName: 'Olga' });
  const member = await createMember(t.db, { role: 'member', accountId: owner.accountId, firstName: 'Mario' });
  const agent = await signIn(t.app, owner.email);
  const page = `/users/${member.membershipId}`;
  const reset = await submitForm(agent, page, `${page}/reset-password`, {});
  expect(reset.status).toBe(303);
  expect(textOf((await agent.get(reset.headers.location)).text)).toContain(
    `No se pudo enviar el enlace para restablecer la contraseña a ${member.email}`,
  );
  const log = textOf((await agent.get('/activity')).text);
  expect(log).toContain(`no pudo enviar el enlace para restablecer la contraseña: Mario Usuario (${member.email})`);
  expect(log).toContain('El servidor de correo rechazó el mensaje.');
});

it('records a resend that could not reach the mail server as a failure', async () => {
  const down = await buildTestApp({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
  try {
    const owner = await createMember(down.db, { role: 'owner' });
    const agent = await signIn(down.app, owner.email);
    const added = await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Luz',
      last_name: 'Mar',
      email: 'luz@example.test',
      role: 'member',
    });
    await submitForm(agent, added.headers.location, `${added.headers.location}/resend-invitation`, {
      email: 'luz@example.test',
    });
    const log = textOf((await agent.get('/activity')).text);
    expect(log).toContain('no pudo reenviar la invitación: Luz Mar (luz@example.test)');
    expect(log).toContain('No se pudo contactar al servidor de correo.');
  } finally {
    await down.close();
  }
});

it('shows a disabled webhook as the failure it is, by the system', async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId });
  await createAuditEvents(t.db, accountId, [
    { action: 'webhook.disabled', metadata: { url: 'https://hooks.example/x' }, failed: 'webhook_gone' },
  ]);
  const log = textOf((await (await signIn(t.app, owner.email)).get('/activity')).text);
  expect(log).toContain('El sistema desactivó un webhook porque sus entregas fallaban');
  expect(log).toContain('La dirección respondió que ya no existe (410).');
});
