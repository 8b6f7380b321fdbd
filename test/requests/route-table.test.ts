import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn } from '../helpers/agent';
import { createAccount, createMember } from '../helpers/factories';
import { routeTable } from '../../src/routes';
import { guestOnly, inAccount, inboundToken, publicAccess, signedIn, staff } from '../../src/policies';
import { manageUsers } from '../../src/policies/account-users';
import { manageIntegrations } from '../../src/policies/api-tokens';
import { manageCannedAnswers } from '../../src/policies/canned-answers';
import { manageAccounts } from '../../src/policies/managed-accounts';
import { signingIn } from '../../src/policies/two-factor';
import { testConfig } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const KNOWN = new Set([
  inboundToken.name,
  publicAccess.name,
  guestOnly.name,
  signedIn.name,
  inAccount.name,
  staff.name,
  manageUsers.name,
  manageAccounts.name,
  manageIntegrations.name,
  manageCannedAnswers.name,
  signingIn.name,
]);
const concrete = (path: string) =>
  path
    .replace(/:id\b/g, '1')
    .replace(/:locale\b/g, 'es')
    .replace(/:numberId\b/g, '1')
    .replace(/:number\b/g, '000000')
    .replace(/:token\b/g, 'x');

describe('the route table', () => {
  const routes = () => routeTable(t.deps, () => true);

  it('gives every route a known policy', () => {
    for (const route of routes()) {
      expect(route.policy).toBeDefined();
      const known = KNOWN.has(route.policy.name) || /^section:[a-z_]+(\|[a-z_]+)*$/.test(route.policy.name);
      if (!known)
        throw new Error(`${route.method.toUpperCase()} ${route.path} has an unknown policy "${route.policy.name}"`);
    }
  });

  it('sends anonymous visitors of every protected page to sign in', async () => {
    for (const route of routes().filter((r) => r.method === 'get' && r.policy.requiresUser)) {
      const response = await newAgent(t.app).get(concrete(route.path));
      if (response.status !== 303 || !response.headers.location?.startsWith('/login')) {
        throw new Error(`GET ${route.path} answered ${response.status} to an anonymous visitor`);
      }
    }
  });

  it('refuses every POST without a CSRF token, even for a signed-in user', async () => {
    const owner = await createMember(t.db);
    const agent = await signIn(t.app, owner.email);
    for (const route of routes().filter(
      (r) => r.method === 'post' && r.policy.name !== guestOnly.name && r.policy.csrf !== false,
    )) {
      const response = await agent.post(concrete(route.path)).type('form').send({});
      if (response.status !== 403)
        throw new Error(`POST ${route.path} answered ${response.status} without a CSRF token`);
    }
    expect((await agent.get('/')).status).toBe(200);
  });

  it("refuses every user-management route to a member (403) and hides other accounts' users (404)", async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const member = await createMember(t.db, {
      role: 'member',
      permissions: ['tickets', 'services', 'invoices', 'contacts', 'emails'],
      accountId,
    });
    const stranger = await createMember(t.db, { role: 'member', permissions: ['tickets'] });
    const ownerAgent = await signIn(t.app, owner.email);
    const memberAgent = await signIn(t.app, member.email);
    const ownerToken = csrfFrom((await ownerAgent.get('/')).text);
    const memberToken = csrfFrom((await memberAgent.get('/')).text);
    const hub = routes().filter((r) => r.policy.name === manageUsers.name);
    expect(hub.length).toBeGreaterThan(10);
    const before = await t.db('memberships').where({ id: stranger.membershipId }).first();

    for (const route of hub) {
      const ownPath = route.path.replace(':id', String(member.membershipId)).replace(':numberId', '1');
      const denied =
        route.method === 'get'
          ? await memberAgent.get(ownPath)
          : await memberAgent
              .post(ownPath)
              .type('form')
              .send({ _csrf: memberToken, email: 'x@example.test', first_name: 'X', last_name: 'Y', role: 'admin' });
      if (denied.status !== 403)
        throw new Error(`${route.method.toUpperCase()} ${route.path} answered ${denied.status} to a member`);
      if (!route.path.includes(':id')) continue;
      const foreignPath = route.path.replace(':id', String(stranger.membershipId)).replace(':numberId', '1');
      const hidden =
        route.method === 'get'
          ? await ownerAgent.get(foreignPath)
          : await ownerAgent.post(foreignPath).type('form').send({
              _csrf: ownerToken,
              email: 'x@example.test',
              first_name: 'X',
              last_name: 'Y',
              role: 'admin',
              account_number: '123456',
            });
      if (hidden.status !== 404)
        throw new Error(
          `${route.method.toUpperCase()} ${route.path} answered ${hidden.status} for another account's user`,
        );
    }
    expect(await t.db('memberships').where({ id: stranger.membershipId }).first()).toEqual(before);
    expect(await t.db('users').where({ email: 'x@example.test' }).first()).toBeUndefined();
  });

  it('serves /dev/mail only outside production', () => {
    const productionConfig = testConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x/y',
      SESSION_SECRET: 'q3J8vZk1Lw9Xr2Tn5Yb7Hc4Ud6Fe0Gm+Po/As=Qi8Wj3Ek5Rl',
      SMTP_URL: 'smtp://m',
    });
    const production = routeTable({ ...t.deps, config: productionConfig }, () => true);
    expect(production.some((r) => r.path.startsWith('/dev/'))).toBe(false);
    expect(routes().some((r) => r.path === '/dev/mail')).toBe(true);
  });
});
