import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, textOf } from '../helpers/agent';
import { createMember, TEST_PASSWORD } from '../helpers/factories';

/**
 * Issue 22 item 10: sign-ins past what the bcrypt slots get through in a few seconds are not
 * queued (300 queued for 68 s, past nginx's 60 s): they answer at once with the 503 page, which
 * says to try again in a moment, and Retry-After.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('sheds a storm of sign-ins with 503 and Retry-After instead of queueing them', async () => {
  const user = await createMember(t.db);
  const agents = await Promise.all(
    Array.from({ length: 60 }, async () => {
      const agent = newAgent(t.app);
      return { agent, token: csrfFrom((await agent.get('/login')).text) };
    }),
  );
  const started = Date.now();
  const answers = await Promise.all(
    agents.map(async ({ agent, token }) => {
      const response = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: user.email, password: TEST_PASSWORD });
      return { response, ms: Date.now() - started };
    }),
  );
  const shed = answers.filter((a) => a.response.status === 503);
  const signedIn = answers.filter((a) => a.response.status === 303);
  expect(shed.length + signedIn.length).toBe(answers.length);
  expect(shed.length).toBeGreaterThan(0);
  expect(signedIn.length).toBeGreaterThan(0);
  for (const { response } of shed) {
    expect(response.headers['retry-after']).toBe('5');
    expect(textOf(response.text)).toContain('vuelve a intentarlo en unos segundos');
  }
}, 120_000);
