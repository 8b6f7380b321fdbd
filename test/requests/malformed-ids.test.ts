/* A malformed id or number in a path names a record that cannot exist: a 404 like a missing one, in the API and on the pages. */
import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createApiToken } from '../helpers/api';
import { signIn } from '../helpers/agent';
import { createContactRow, createCustomerOf, createMember, createReseller } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('answers 404 problem+json for a malformed id or number in the path, as for a missing one', async () => {
  const r = await createReseller(t.db);
  const customer = await createCustomerOf(t.db, r.resellerId);
  const { token } = await createApiToken(t.db, r.resellerId);
  const auth = { authorization: `Bearer ${token}` };
  const paths: [string, string, unknown?][] = [
    ['get', '/api/v1/accounts/abc'],
    ['get', '/api/v1/accounts/0'],
    ['get', '/api/v1/accounts/-1'],
    ['get', '/api/v1/accounts/1.5'],
    ['get', `/api/v1/accounts/${customer}.0`],
    ['get', `/api/v1/accounts/0x${customer.toString(16)}`],
    ['get', `/api/v1/accounts/%20${customer}`],
    ['get', '/api/v1/accounts/99999999999999999999'],
    ['patch', '/api/v1/accounts/abc', { name: 'X' }],
    ['get', '/api/v1/accounts/abc/invoices'],
    ['put', `/api/v1/accounts/${customer}/account-numbers/12AB`, { label: '' }],
    ['put', `/api/v1/accounts/${customer}/invoices/fac%200001`, {}],
    ['put', `/api/v1/accounts/${customer}/services/${'x'.repeat(101)}`, {}],
    ['put', `/api/v1/accounts/abc/invoices/FAC-0001`, {}],
  ];
  for (const [method, path, body] of paths) {
    const req = (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method](path).set(auth);
    const res = body === undefined ? await req : await req.send(body as object);
    expect([path, res.status, res.get('content-type')]).toEqual([path, 404, 'application/problem+json; charset=utf-8']);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  }
});

it('answers the 404 page for a page id written another way than its digits', async () => {
  const r = await createReseller(t.db);
  const customer = await createCustomerOf(t.db, r.resellerId);
  const owner = await createMember(t.db, { role: 'owner', accountId: customer });
  const member = await createMember(t.db, { role: 'member', accountId: customer });
  const contact = await createContactRow(t.db, customer);
  const agent = await signIn(t.app, owner.email);
  expect((await agent.get(`/users/${member.membershipId}`)).status).toBe(200);
  expect((await agent.get(`/contacts/${contact.id}/edit`)).status).toBe(200);
  for (const path of [
    `/users/${member.membershipId}.0`,
    `/users/0x${member.membershipId.toString(16)}`,
    `/users/${member.membershipId}e0`,
    `/contacts/${contact.id}.0/edit`,
    `/contacts/+${contact.id}/edit`,
  ])
    expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
  const partner = await signIn(t.app, r.partner.email);
  expect((await partner.get(`/manager/accounts/${customer}`)).status).toBe(200);
  expect((await partner.get(`/manager/accounts/${customer}.0`)).status).toBe(404);
});
