import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it("shows the owner who did what in the account, newest first, without the helpdesk's internal work", async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  expect((await (await signIn(t.app, member.email)).get('/activity')).status).toBe(403);
  const agent = await signIn(t.app, owner.email);
  await submitForm(agent, `/users/${member.membershipId}`, `/users/${member.membershipId}/block`, {});
  await t.db('audit_events').insert({ account_id: accountId, action: 'ticket.note_added', actor_user_id: owner.id });

  const page = await agent.get('/activity');
  expect(page.status).toBe(200);
  const text = textOf(page.text);
  expect(text).toContain('Olga Usuario bloqueó el acceso de un usuario: Mario Usuario');
  expect(text).toContain('Olga Usuario inició sesión');
  expect(text.indexOf('bloqueó')).toBeLessThan(text.indexOf('inició sesión'));
  expect(text).not.toContain('nota interna');
});

it('pages through long histories', async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId });
  await t.db.raw(
    `INSERT INTO audit_events (account_id, action, metadata) SELECT ?, 'contact.created', json_build_object('email', 'c' || g || '@x.test') FROM generate_series(1, 60) g`,
    [accountId],
  );
  const agent = await signIn(t.app, owner.email);
  const first = await agent.get('/activity');
  const older = /href="(\/activity\?after=\d+)"/.exec(first.text)![1];
  const second = textOf((await agent.get(older)).text);
  expect(second).toContain('c1@x.test');
  expect(textOf(first.text)).not.toContain('(c1@x.test)');
});
