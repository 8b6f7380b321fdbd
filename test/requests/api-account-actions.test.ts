import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createCustomerOf, createMember, createReseller } from '../helpers/factories';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
let acme: Awaited<ReturnType<typeof createReseller>>;
let other: Awaited<ReturnType<typeof createReseller>>;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
  acme = await createReseller(t.db, { name: 'Acme' });
  other = await createReseller(t.db, { name: 'Otra', platformId: acme.platformId });
  api = apiClient(t.app, doc, (await createApiToken(t.db, acme.resellerId, { createdBy: acme.partner.id })).token);
});
afterAll(() => t.close());

describe('suspend, reactivate, close', () => {
  it('moves the account with the page’s rules, and refuses moves its state does not allow (409)', async () => {
    const id = await createCustomerOf(t.db, acme.resellerId, { trunks: { inbound: 2, outbound: 0, twoway: 0 } });
    expect((await api.post(`/api/v1/accounts/${id}/suspend`, 200)).body.status).toBe('suspended');
    expect((await api.post(`/api/v1/accounts/${id}/suspend`, 409)).body.code).toBe('account_state');
    expect((await api.post(`/api/v1/accounts/${id}/reactivate`, 200)).body.status).toBe('active');
    expect((await api.post(`/api/v1/accounts/${id}/close`, 200)).body.status).toBe('closed');
    expect((await api.patch(`/api/v1/accounts/${id}`, 409, { name: 'x' })).body.code).toBe('account_state');
    const actions = await t.db('audit_events').where({ target_id: id, account_id: id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['account.suspended', 'account.reactivated', 'account.closed']);
    const foreign = await createCustomerOf(t.db, other.resellerId);
    await api.post(`/api/v1/accounts/${foreign}/suspend`, 404);
  });

  it('closes a reseller only once its customers are closed (platform token)', async () => {
    const platform = apiClient(t.app, doc, (await createApiToken(t.db, acme.platformId)).token);
    const r = await createReseller(t.db, { platformId: acme.platformId });
    await createCustomerOf(t.db, r.resellerId);
    const res = await platform.post(`/api/v1/accounts/${r.resellerId}/close`, 409);
    expect(res.body).toMatchObject({ code: 'open_children', open_children: 1 });
  });
});

describe('users', () => {
  it('invites an owner, then an admin and a member with sections; lists them', async () => {
    const id = await createCustomerOf(t.db, acme.resellerId);
    const owner = await api.post(`/api/v1/accounts/${id}/users`, 201, {
      first_name: 'Olga',
      last_name: 'Dueña',
      email: 'olga@cliente.test',
      role: 'owner',
    });
    expect(owner.body).toMatchObject({ role: 'owner', status: 'invited', email: 'olga@cliente.test' });
    const second = await api.post(`/api/v1/accounts/${id}/users`, 422, {
      first_name: 'Otra',
      last_name: 'Dueña',
      email: 'otra@cliente.test',
      role: 'owner',
    });
    expect(second.body.errors).toEqual([{ field: 'role', code: 'owner_exists', message: expect.any(String) }]);
    await api.post(`/api/v1/accounts/${id}/users`, 201, {
      first_name: 'Adán',
      last_name: 'Admin',
      email: 'adan@cliente.test',
      role: 'admin',
    });
    const member = await api.post(`/api/v1/accounts/${id}/users`, 201, {
      first_name: 'Mia',
      last_name: 'Miembro',
      email: 'mia@cliente.test',
      role: 'member',
      sections: ['invoices', 'tickets'],
    });
    expect(member.body.role).toBe('member');
    expect(await t.db('memberships').where({ id: member.body.id }).first('permissions')).toEqual({
      permissions: ['invoices', 'tickets'],
    });
    const dup = await api.post(`/api/v1/accounts/${id}/users`, 422, {
      first_name: 'Mia',
      last_name: 'Miembro',
      email: 'mia@cliente.test',
      role: 'admin',
    });
    expect(dup.body.errors[0]).toMatchObject({ field: 'email', code: 'already_invited' });
    const noSections = await api.post(`/api/v1/accounts/${id}/users`, 422, {
      first_name: 'X',
      last_name: 'Y',
      email: 'x@cliente.test',
      role: 'member',
      sections: ['users'],
    });
    expect(noSections.body.errors[0]).toMatchObject({ field: 'sections.0', code: 'not_offered' });
    const list = await api.get(`/api/v1/accounts/${id}/users`, 200);
    expect((list.body.data as { role: string }[]).map((u) => u.role)).toEqual(['owner', 'admin', 'member']);
    const events = await t.db('audit_events').where({ account_id: acme.resellerId, action: 'account.user_invited' });
    expect(events.length).toBeGreaterThanOrEqual(3);
  });
});

describe('support contacts', () => {
  it('replaces the set in one call, auditing each change', async () => {
    const id = await createCustomerOf(t.db, acme.resellerId);
    const colleague = await createMember(t.db, { role: 'member', accountId: acme.resellerId });
    const first = await api.put(`/api/v1/accounts/${id}/support-contacts`, 200, {
      contacts: [{ partner_id: acme.partner.id }, { email: 'noc@cliente.test' }],
    });
    expect((first.body.data as { email: string }[]).map((c) => c.email).sort()).toEqual(
      [acme.partner.email, 'noc@cliente.test'].sort(),
    );
    const second = await api.put(`/api/v1/accounts/${id}/support-contacts`, 200, {
      contacts: [{ partner_id: colleague.id }, { email: 'noc@cliente.test' }],
    });
    expect((second.body.data as { partner_id: number | null }[]).map((c) => c.partner_id).sort()).toEqual(
      [colleague.id, null].sort(),
    );
    const stranger = await api.put(`/api/v1/accounts/${id}/support-contacts`, 422, {
      contacts: [{ partner_id: other.partner.id }],
    });
    expect(stranger.body.errors[0]).toMatchObject({ field: 'contacts.0.partner_id', code: 'not_found' });
    expect((await api.get(`/api/v1/accounts/${id}/support-contacts`, 200)).body.data).toHaveLength(2);
    const actions = await t.db('audit_events').where({ account_id: id }).orderBy('id').pluck('action');
    expect(actions).toEqual([
      'support_contact.added',
      'support_contact.added',
      'support_contact.removed',
      'support_contact.added',
    ]);
  });

  it('refuses a 21st and taking away the last one with 422 by the body’s path, leaving them as they were', async () => {
    const id = await createCustomerOf(t.db, acme.resellerId);
    await api.put(`/api/v1/accounts/${id}/support-contacts`, 200, { contacts: [{ email: 'noc@cliente.test' }] });
    const many = Array.from({ length: 21 }, (_, i) => ({ email: `c${i}@cliente.test` }));
    const over = await api.put(`/api/v1/accounts/${id}/support-contacts`, 422, { contacts: many });
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.body.errors).toEqual([{ field: 'contacts', code: 'too_large', message: expect.any(String) }]);
    const none = await api.put(`/api/v1/accounts/${id}/support-contacts`, 422, { contacts: [] });
    expect(none.body.errors).toEqual([{ field: 'contacts', code: 'too_small', message: expect.any(String) }]);
    const now = await api.get(`/api/v1/accounts/${id}/support-contacts`, 200);
    expect((now.body.data as { email: string }[]).map((c) => c.email)).toEqual(['noc@cliente.test']);
    await api.put(`/api/v1/accounts/${id}/support-contacts`, 200, { contacts: many.slice(1) });
    expect((await api.get(`/api/v1/accounts/${id}/support-contacts`, 200)).body.data).toHaveLength(20);
  });
});
