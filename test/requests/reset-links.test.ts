import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createMember, TEST_PASSWORD } from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';
import { issuePasswordReset, processPasswordResetRequests } from '../../src/services/password-resets';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const NEW = 'una frase larga y nueva';

// Issue 11, item 7
it('revokes the reset links issued before «Cambiar contraseña»', async () => {
  const user = await createMember(t.db);
  await t.db.transaction((trx) =>
    issuePasswordReset(
      { ...t.deps, db: trx },
      { id: user.id, email: user.email, first_name: 'Prueba', locale: 'es' },
      undefined,
    ),
  );
  const link = await linkInMail(t.db, 'password_reset', user.email);
  expect((await newAgent(t.app).get(link)).status).toBe(200);

  const agent = await signIn(t.app, user.email);
  const changed = await submitForm(agent, '/profile/password', '/profile/password', {
    current_password: TEST_PASSWORD,
    password: NEW,
    password_confirmation: NEW,
  });
  expect(changed.status).toBe(303);

  expect((await newAgent(t.app).get(link)).status).toBe(404);
  const reused = await submitForm(newAgent(t.app), '/login', link, {
    password: 'otra frase distinta y larga',
    password_confirmation: 'otra frase distinta y larga',
  });
  expect(reused.status).toBe(404);
  await signIn(t.app, user.email, NEW);
});

// Issue 11, item 8
it('does the same work in the request for a registered and an unknown address; the link is written afterwards', async () => {
  const user = await createMember(t.db);
  const statements = async (email: string) => {
    const agent = newAgent(t.app);
    await agent.get('/password/forgot');
    const seen: string[] = [];
    const listener = (q: { sql: string }) => seen.push(q.sql);
    t.deps.db.on('query', listener);
    try {
      const response = await submitForm(agent, '/password/forgot', '/password/forgot/email', { email });
      expect(response.status).toBe(200);
      expect(textOf(response.text)).toContain('Revisa tu correo');
    } finally {
      t.deps.db.off('query', listener);
    }
    return seen;
  };
  const known = await statements(user.email);
  const unknown = await statements('nadie.por.aqui@example.test');
  expect(known.length).toBeGreaterThan(0);
  expect(unknown).toEqual(known);
  expect(known.join('\n')).not.toMatch(/mail_outbox|password_resets"? /);

  await processPasswordResetRequests(t.deps);
  expect(await lastMail(t.db, 'password_reset', user.email)).toBeDefined();
  expect(await lastMail(t.db, 'password_reset', 'nadie.por.aqui@example.test')).toBeUndefined();
  expect(await t.db('audit_events').where({ action: 'password.reset_requested' }).pluck('metadata')).toEqual(
    expect.arrayContaining([
      { email: user.email, known: true },
      { email: 'nadie.por.aqui@example.test', known: false },
    ]),
  );
});
