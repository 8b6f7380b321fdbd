import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createAuditEvents, createMember } from '../helpers/factories';

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
  await createAuditEvents(t.db, accountId, [{ action: 'ticket.note_added', actorUserId: owner.id }]);

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
  await createAuditEvents(
    t.db,
    accountId,
    Array.from({ length: 60 }, (_, i) => ({
      action: 'contact.created' as const,
      metadata: { email: `c${i + 1}@x.test` },
    })),
  );
  const agent = await signIn(t.app, owner.email);
  const first = await agent.get('/activity');
  expect(first.text).not.toContain('Anterior');
  const older = /href="(\/activity\?after=\d+)"/.exec(first.text)![1];
  const second = await agent.get(older);
  expect(textOf(second.text)).toContain('c1@x.test');
  expect(textOf(first.text)).not.toContain('(c1@x.test)');
  expect(second.text).not.toContain('Siguiente');

  // «Anterior» leads back to the newest page.
  const newer = /href="(\/activity\?before=\d+)"/.exec(second.text)![1];
  expect(textOf((await agent.get(newer)).text)).toBe(textOf(first.text));
});

it('names the person an event was about only when it was someone else («aceptó su invitación», not «…: Begoña Núñez»)', async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const invited = await createMember(t.db, { role: 'member', accountId, firstName: 'Begoña' });
  await t.db('audit_events').insert([
    {
      account_id: accountId,
      action: 'invitation.accepted',
      actor_user_id: invited.id,
      target_type: 'membership',
      target_id: invited.membershipId,
    },
  ]);
  const text = textOf((await (await signIn(t.app, owner.email)).get('/activity')).text);
  expect(text).toContain('Begoña Usuario aceptó su invitación');
  expect(text).not.toContain('aceptó su invitación: Begoña Usuario');
});
