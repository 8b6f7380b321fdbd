/* A suspended or closed account's people cannot sign in to it, and live sessions end at their next request. */
import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import {
  createCustomerOf,
  createMember,
  createMembership,
  createReseller,
  setAccountStatusRow,
  TEST_PASSWORD,
} from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const FAILURE_TEXT = 'El correo electrónico o la contraseña no son correctos';

async function tryToSignIn(email: string) {
  return submitForm(newAgent(t.app), '/login', '/login', { email, password: TEST_PASSWORD });
}

describe.each(['suspended', 'closed'] as const)('a %s account', (status) => {
  it('refuses its users at sign-in and ends their sessions at the next request, keeping their data', async () => {
    const r = await createReseller(t.db);
    const accountId = await createCustomerOf(t.db, r.resellerId, { name: `Cliente ${status}` });
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const live = await signIn(t.app, owner.email);
    expect((await live.get('/')).status).toBe(200);

    await setAccountStatusRow(t.db, accountId, status);

    const next = await live.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login');
    const refused = await tryToSignIn(owner.email);
    expect(refused.status).toBe(401);
    expect(textOf(refused.text)).toContain(FAILURE_TEXT);
    expect(await t.db('memberships').where({ id: owner.membershipId }).first('id')).toBeTruthy();
  });

  it('leaves someone who also works in an active account signing in to that one only', async () => {
    const r = await createReseller(t.db);
    const gone = await createCustomerOf(t.db, r.resellerId);
    const kept = await createCustomerOf(t.db, r.resellerId, { name: 'Sigue activa' });
    const person = await createMember(t.db, { role: 'admin', accountId: gone });
    await createMembership(t.db, person.id, kept, { role: 'admin' });
    await setAccountStatusRow(t.db, gone, status);

    const agent = await signIn(t.app, person.email);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.text)).toContain('Sigue activa');
    // Choosing the other account by hand is refused too.
    const choose = await agent.get('/accounts/choose');
    expect(choose.status).toBe(200);
    expect(choose.text).not.toContain(`value="${gone}"`);
  });
});
