import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, createSupportContact, setAccountCreator } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** A reseller with a partner, and a customer account it created, with an admin and a member. */
async function partnerCreated(createdByPartner = true) {
  const reseller = await createAccount(t.db, { kind: 'reseller', name: 'Acme Telecom' });
  const partner = await createMember(t.db, { role: 'owner', accountId: reseller, firstName: 'Sergio' });
  const accountId = await createAccount(t.db, { parentId: reseller, name: 'Cliente de socio' });
  if (createdByPartner) await setAccountCreator(t.db, accountId, partner.id);
  const admin = await createMember(t.db, { role: 'admin', accountId });
  const member = await createMember(t.db, { role: 'member', permissions: ['support_contacts'], accountId });
  return { reseller, partner, accountId, admin, member };
}

const supportRows = (accountId: number) => t.db('support_contacts').where({ account_id: accountId }).orderBy('id');

it('lets an admin find a partner and add them, add an address, refuse an invalid one, and remove with ✕', async () => {
  const a = await partnerCreated();
  const agent = await signIn(t.app, a.admin.email);
  const search = await agent.get('/account?q=Sergio');
  expect(search.status).toBe(200);
  expect(textOf(search.text)).toContain(a.partner.email);
  expect(search.text).toContain(`name="partner_user_id" value="${a.partner.id}"`);

  await submitForm(agent, '/account?q=Sergio', '/account/support-contacts', { partner_user_id: String(a.partner.id) });
  await submitForm(agent, '/account', '/account/support-contacts', { email: 'TI@Cliente.test' });
  const rows = await supportRows(a.accountId);
  expect(
    rows.map((r: { partner_user_id: number | null; email: string | null }) => r.partner_user_id ?? r.email),
  ).toEqual([a.partner.id, 'ti@cliente.test']);

  const invalid = await agent.get('/account?q=no-es%40valido');
  expect(textOf(invalid.text)).toContain('Contiene un correo electrónico no válido');
  const posted = await submitForm(agent, '/account', '/account/support-contacts', { email: 'mal@@correo' });
  expect(textOf((await agent.get(posted.headers.location)).text)).toContain('Contiene un correo electrónico no válido');
  expect(await supportRows(a.accountId)).toHaveLength(2);

  await submitForm(agent, '/account', `/account/support-contacts/${rows[1].id}/delete`, {});
  expect(await supportRows(a.accountId)).toHaveLength(1);
});

it('adds any partner of the reseller, not only the first twenty a search would list', async () => {
  const a = await partnerCreated();
  for (let i = 1; i <= 20; i++)
    await createMember(t.db, { role: 'member', accountId: a.reseller, firstName: `Ana ${String(i).padStart(2, '0')}` });
  const last = await createMember(t.db, { role: 'member', accountId: a.reseller, firstName: 'Zoe' });
  const agent = await signIn(t.app, a.admin.email);
  const added = await submitForm(agent, '/account', '/account/support-contacts', { partner_user_id: String(last.id) });
  expect(added.status).toBe(303);
  expect(textOf((await agent.get(added.headers.location)).text)).toContain(last.email);
  expect((await supportRows(a.accountId)).map((r: { partner_user_id: number }) => r.partner_user_id)).toEqual([
    last.id,
  ]);
});

it('keeps them read-only for members, and for admins of accounts no partner created', async () => {
  const a = await partnerCreated();
  await createSupportContact(t.db, a.accountId, { email: 'ti@cliente.test' });
  const memberPage = await (await signIn(t.app, a.member.email)).get('/account');
  expect(memberPage.status).toBe(200);
  expect(textOf(memberPage.text)).toContain('ti@cliente.test');
  expect(textOf(memberPage.text)).toContain('Solo el propietario o un administrador de la cuenta puede cambiarlos.');
  expect(memberPage.text).not.toContain('/delete');
  expect(
    (
      await submitForm(await signIn(t.app, a.member.email), '/account', '/account/support-contacts', {
        email: 'x@cliente.test',
      })
    ).status,
  ).toBe(403);

  const direct = await partnerCreated(false);
  const adminAgent = await signIn(t.app, direct.admin.email);
  const adminPage = textOf((await adminAgent.get('/account')).text);
  expect(adminPage).toContain('Los contactos de soporte de esta cuenta los administra tu proveedor');
  expect(adminPage).not.toContain('Solo');
  expect(
    (await submitForm(adminAgent, '/account', '/account/support-contacts', { email: 'x@cliente.test' })).status,
  ).toBe(403);
});

it('never offers partners of another reseller, and hides other accounts’ support contacts', async () => {
  const a = await partnerCreated();
  const other = await partnerCreated();
  const foreign = await createSupportContact(t.db, other.accountId, { email: 'ajeno@cliente.test' });
  const agent = await signIn(t.app, a.admin.email);
  const search = await agent.get('/account?q=Sergio');
  expect(search.text).not.toContain(other.partner.email);
  const refused = await submitForm(agent, '/account', '/account/support-contacts', {
    partner_user_id: String(other.partner.id),
  });
  expect(refused.status).toBe(404);
  expect((await submitForm(agent, '/account', `/account/support-contacts/${foreign}/delete`, {})).status).toBe(404);
  expect(await supportRows(other.accountId)).toHaveLength(1);
});

it('tells the owner of a reseller account who looks after its support contacts, not «Solo un administrador…»', async () => {
  const reseller = await createAccount(t.db, { kind: 'reseller', name: 'Revendedor SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId: reseller });
  const page = textOf((await (await signIn(t.app, owner.email)).get('/account')).text);
  expect(page).toContain('Los contactos de soporte de esta cuenta los administra tu proveedor');
  expect(page).not.toContain('Solo un administrador');
});

it('takes a partial address in the search as a search, and marks the field invalid only when it is in error', async () => {
  const a = await partnerCreated();
  await t
    .db('users')
    .where({ id: a.partner.id })
    .update({ email: `socio-${a.partner.id}@acme.test` });
  const agent = await signIn(t.app, a.admin.email);
  const partial = await agent.get(`/account?q=${encodeURIComponent(`socio-${a.partner.id}@`)}`);
  expect(textOf(partial.text)).toContain(`socio-${a.partner.id}@acme.test`);
  expect(partial.text).toContain(`name="partner_user_id" value="${a.partner.id}"`);
  expect(textOf(partial.text)).not.toContain('Contiene un correo electrónico no válido');
  expect(partial.text).not.toContain('aria-invalid');

  const invalid = await agent.get('/account?q=nadie%40');
  expect(textOf(invalid.text)).toContain('Contiene un correo electrónico no válido');
  expect(invalid.text).toMatch(/<input id="field-q" name="q"[^>]* aria-invalid="true"/);
});

describe('the account’s rule: one support contact at least, twenty at most', () => {
  it('refuses a 21st with 422, the search and the list as they were, the message beside the list', async () => {
    const a = await partnerCreated();
    for (let i = 1; i <= 20; i++) await createSupportContact(t.db, a.accountId, { email: `c${i}@cliente.test` });
    const agent = await signIn(t.app, a.admin.email);
    const refused = await submitForm(agent, '/account?q=otro%40cliente.test', '/account/support-contacts', {
      email: 'otro@cliente.test',
    });
    expect(refused.status).toBe(422);
    const text = textOf(refused.text);
    expect(text).toContain('Puedes agregar hasta 20 contactos de soporte.');
    expect(refused.text).toContain('id="error-support_contacts"');
    expect(refused.text).toContain('href="#field-support_contacts"');
    expect(refused.text).toMatch(/<input id="field-q" name="q" type="search" value="otro@cliente.test"/);
    expect(text).toContain('c20@cliente.test');
    expect(await supportRows(a.accountId)).toHaveLength(20);

    const partner = await submitForm(agent, '/account?q=Sergio', '/account/support-contacts', {
      q: 'Sergio',
      partner_user_id: String(a.partner.id),
    });
    expect(partner.status).toBe(422);
    expect(partner.text).toMatch(/<input id="field-q" name="q" type="search" value="Sergio"/);
    expect(await supportRows(a.accountId)).toHaveLength(20);
  });

  it('refuses removing the last one with 422 and the message beside the list; the one before goes', async () => {
    const a = await partnerCreated();
    const first = await createSupportContact(t.db, a.accountId, { email: 'uno@cliente.test' });
    const last = await createSupportContact(t.db, a.accountId, { email: 'dos@cliente.test' });
    const agent = await signIn(t.app, a.admin.email);
    expect((await submitForm(agent, '/account', `/account/support-contacts/${first}/delete`, {})).status).toBe(303);
    const refused = await submitForm(agent, '/account', `/account/support-contacts/${last}/delete`, {});
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain(
      'La cuenta necesita al menos un contacto de soporte: agrega otro antes de quitar el último.',
    );
    expect(refused.text).toContain('id="error-support_contacts"');
    expect(textOf(refused.text)).toContain('dos@cliente.test');
    expect((await supportRows(a.accountId)).map((r: { email: string }) => r.email)).toEqual(['dos@cliente.test']);
    const events = await t
      .db('audit_events')
      .where({ account_id: a.accountId })
      .where('action', 'like', 'support_contact.%')
      .pluck('action');
    expect(events).toEqual(['support_contact.removed']);
  });
});
