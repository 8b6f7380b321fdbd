import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, realmOf, TEST_PASSWORD } from '../helpers/factories';

/** Issue 12, item 9: the helpdesk finds a realm by its start; activity shows IPv4 clients as such. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('finds an account by the start of its realm, with LIKE wildcards taken literally', async () => {
  const platform = await createAccount(t.db, { kind: 'platform', sections: [] });
  const staff = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
  // A realm is fixed when the account is made (PostgreSQL refuses to change it).
  const accountId = await createAccount(t.db, { name: 'Realm SA', label: 'q7w2p9x' });
  const realm = await realmOf(t.db, accountId);

  for (const q of ['q7w2', 'Q7W2P9X', realm]) {
    const found = await staff.get(`/staff/accounts?q=${encodeURIComponent(q)}`);
    expect(found.text).toContain(`href="/staff/accounts/${accountId}"`);
  }
  for (const q of ['7w2p', 'q7_2', 'q7%']) {
    const found = await staff.get(`/staff/accounts?q=${encodeURIComponent(q)}`);
    expect(found.text).not.toContain(`href="/staff/accounts/${accountId}"`);
  }
});

it('records and shows an IPv4 client as 127.0.0.1, not ::ffff:127.0.0.1', async () => {
  // A dual-stack listener (as in production) sees an IPv4 client as ::ffff:127.0.0.1.
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '::', () => resolve(s));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const owner = await createMember(t.db, { role: 'owner' });
    const agent = request.agent(`http://127.0.0.1:${port}`);
    const signedIn = await submitForm(agent, '/login', '/login', { email: owner.email, password: TEST_PASSWORD });
    expect(signedIn.status).toBe(303);
    const event = await t.db('audit_events').where({ action: 'auth.login_succeeded', actor_user_id: owner.id }).first();
    expect(event.ip).toBe('127.0.0.1');
    const page = textOf((await agent.get('/activity')).text);
    expect(page).toContain('127.0.0.1');
    expect(page).not.toContain('::ffff:');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
