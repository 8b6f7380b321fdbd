/* The people of an account below the partner's: its users and invitations, its support contacts (issue 9, items 4 and 5). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { lastMail } from '../helpers/mail';
import {
  createCustomerOf,
  createMember,
  createMembership,
  createPlatformStaff,
  createReseller,
  createSupportContact,
  createUser,
  setAccountStatusRow,
} from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const invite = (agent: Agent, id: number, body: Record<string, unknown>) =>
  submitForm(agent, `/manager/accounts/${id}/users/new`, `/manager/accounts/${id}/users/new`, body);

const addContact = (agent: Agent, id: number, body: Record<string, unknown>) =>
  submitForm(agent, `/manager/accounts/${id}`, `/manager/accounts/${id}/support-contacts`, body);

describe('the account’s users', () => {
  it('lists them with their status, and invites its first admin as owner, then another admin', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    expect(textOf((await agent.get(`/manager/accounts/${abc}`)).text)).toContain('Todavía no tiene usuarios.');

    const form = await agent.get(`/manager/accounts/${abc}/users/new`);
    expect(textOf(form.text)).toContain('La cuenta todavía no tiene administrador: esta persona será su propietario.');
    const first = await invite(agent, abc, {
      first_name: 'Patricia',
      last_name: 'Gómez',
      email: 'Patricia@ABC.example',
    });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/manager/accounts/${abc}#users-title`);
    const mail = await lastMail(t.db, 'invitation', 'patricia@abc.example');
    expect(mail.text_body).toContain('/invitations/');
    expect(mail.subject).toContain('ABC Company');

    const second = await invite(agent, abc, { first_name: 'Gerardo', last_name: 'Ruiz', email: 'gerardo@abc.example' });
    expect(second.status).toBe(303);
    const roles = await t
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.account_id', abc)
      .orderBy('m.id')
      .select('u.email', 'm.role', 'm.accepted_at');
    expect(roles).toEqual([
      { email: 'patricia@abc.example', role: 'owner', accepted_at: null },
      { email: 'gerardo@abc.example', role: 'admin', accepted_at: null },
    ]);

    const page = textOf((await agent.get(`/manager/accounts/${abc}`)).text);
    expect(page).toContain('Patricia Gómez patricia@abc.example Propietario Invitado');
    expect(page).toContain('Gerardo Ruiz gerardo@abc.example Administrador Invitado');

    const childEvents = await t.db('audit_events').where({ account_id: abc, action: 'user.invited' });
    expect(childEvents).toHaveLength(2);
    const parentLog = textOf((await agent.get('/activity')).text);
    expect(parentLog).toContain('Sergio Usuario invitó a un usuario a la cuenta: ABC Company (gerardo@abc.example)');
  });

  it('re-renders 422 with the values kept for a bad address or someone already there', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId);
    const owner = await createMember(t.db, { role: 'owner', accountId: abc, email: 'duena@abc.example' });
    const agent = await signIn(t.app, r.partner.email);
    const bad = await invite(agent, abc, { first_name: 'Ana', last_name: '', email: 'ana@' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.text)).toContain('Escribe el apellido.');
    expect(textOf(bad.text)).toContain('Escribe un correo electrónico válido');
    expect(bad.text).toContain('value="Ana"');
    expect(bad.text).toContain('value="ana@"');
    const again = await invite(agent, abc, { first_name: 'Dueña', last_name: 'X', email: owner.email });
    expect(again.status).toBe(422);
    expect(textOf(again.text)).toContain('Esta persona ya es usuaria de la cuenta.');
    expect(textOf(again.text)).toContain('Será administrador de la cuenta');
  });

  it('lets a platform admin add partners to a reseller; a partner never reaches another reseller', async () => {
    const r = await createReseller(t.db, { name: 'Acme Telecom' });
    const other = await createReseller(t.db, { platformId: r.platformId });
    const admin = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'owner')).email);
    const page = await admin.get(`/manager/accounts/${r.resellerId}`);
    expect(textOf(page.text)).toContain('Agregar un socio');
    const added = await invite(admin, r.resellerId, {
      first_name: 'Laura',
      last_name: 'Socia',
      email: 'laura@acme.example',
    });
    expect(added.status).toBe(303);
    expect(
      await t
        .db('memberships as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'm.account_id': r.resellerId, 'u.email': 'laura@acme.example' })
        .first('m.role'),
    ).toEqual({ role: 'admin' });

    const partner = await signIn(t.app, r.partner.email);
    expect((await partner.get(`/manager/accounts/${other.resellerId}/users/new`)).status).toBe(404);
    const token = csrfFrom((await partner.get('/manager')).text);
    const post = await partner
      .post(`/manager/accounts/${other.resellerId}/users/new`)
      .type('form')
      .send({ first_name: 'X', last_name: 'Y', email: 'x@y.example', _csrf: token });
    expect(post.status).toBe(404);
  });

  it('offers no invitation on a closed account (403)', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId);
    await setAccountStatusRow(t.db, abc, 'closed');
    const agent = await signIn(t.app, r.partner.email);
    expect((await agent.get(`/manager/accounts/${abc}`)).text).not.toContain(`/manager/accounts/${abc}/users/new`);
    expect((await agent.get(`/manager/accounts/${abc}/users/new`)).status).toBe(403);
  });
});

describe('the account’s support contacts (seed 002)', () => {
  it('finds partners of the reseller by name or e-mail, adds one with «Agregar», and × removes it', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const colleague = await createUser(t.db, { firstName: 'Mariana', email: 'mariana@acme.example' });
    await createMembership(t.db, colleague.id, r.resellerId, { role: 'admin' });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);

    const search = await agent.get(`/manager/accounts/${abc}?support_q=mari`);
    expect(search.status).toBe(200);
    expect(textOf(search.text)).toContain('Mariana Usuario · mariana@acme.example');
    expect(search.text).toContain(`name="partner_user_id" value="${colleague.id}"`);
    const byEmail = await agent.get(`/manager/accounts/${abc}?support_q=acme.example`);
    expect(byEmail.text).toContain(`value="${colleague.id}"`);

    const added = await addContact(agent, abc, { partner_user_id: String(colleague.id) });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/manager/accounts/${abc}#support-contacts`);
    const page = await agent.get(`/manager/accounts/${abc}`);
    expect(textOf(page.text)).toContain('Se agregó a mariana@acme.example como contacto de soporte.');
    const id = (await t.db('support_contacts').where({ account_id: abc }).first('id')).id as number;
    expect(page.text).toContain(`action="/manager/accounts/${abc}/support-contacts/${id}/delete"`);
    // Someone already chosen is not offered again, but shown as already added (not «Ningún socio coincide»).
    const again = await agent.get(`/manager/accounts/${abc}?support_q=mari`);
    expect(again.text).not.toContain(`name="partner_user_id" value="${colleague.id}"`);
    expect(textOf(again.text)).toContain('Mariana Usuario · mariana@acme.example Ya está agregado');
    expect(textOf(again.text)).not.toContain('Ningún socio coincide');

    // The account keeps at least one: another first, then × removes the partner.
    await createSupportContact(t.db, abc, { email: 'noc@abc.example' });
    const removed = await submitForm(
      agent,
      `/manager/accounts/${abc}`,
      `/manager/accounts/${abc}/support-contacts/${id}/delete`,
      {},
    );
    expect(removed.status).toBe(303);
    expect(await t.db('support_contacts').where({ account_id: abc }).pluck('email')).toEqual(['noc@abc.example']);
    const events = await t
      .db('audit_events')
      .whereIn('action', ['support_contact.added', 'support_contact.removed'])
      .where({ target_id: abc })
      .orderBy('id')
      .select('account_id', 'action');
    expect(events).toEqual([
      { account_id: abc, action: 'support_contact.added' },
      { account_id: r.resellerId, action: 'support_contact.added' },
      { account_id: abc, action: 'support_contact.removed' },
      { account_id: r.resellerId, action: 'support_contact.removed' },
    ]);
  });

  it('adds a typed address, and says «Contiene un correo electrónico no válido» for a bad one, keeping it', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId);
    const agent = await signIn(t.app, r.partner.email);
    const typed = await agent.get(`/manager/accounts/${abc}?support_q=Soporte@Cliente.example`);
    expect(typed.text).toContain('name="email" value="soporte@cliente.example"');
    const bad = await agent.get(`/manager/accounts/${abc}?support_q=soporte@`);
    expect(textOf(bad.text)).toContain('Contiene un correo electrónico no válido');

    const refused = await addContact(agent, abc, { email: 'soporte@@cliente' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('Contiene un correo electrónico no válido');
    expect(refused.text).toContain('value="soporte@@cliente"');
    expect((await addContact(agent, abc, { email: 'soporte@cliente.example' })).status).toBe(303);
    expect(await t.db('support_contacts').where({ account_id: abc }).select('email')).toEqual([
      { email: 'soporte@cliente.example' },
    ]);
  });

  it("answers 404 for another reseller's partner, another account's contact and another reseller's account", async () => {
    const mine = await createReseller(t.db);
    const other = await createReseller(t.db, { platformId: mine.platformId });
    const abc = await createCustomerOf(t.db, mine.resellerId);
    const theirs = await createCustomerOf(t.db, other.resellerId);
    const theirContact = await createSupportContact(t.db, theirs, { email: 'suyo@otro.example' });
    const agent = await signIn(t.app, mine.partner.email);

    expect((await addContact(agent, abc, { partner_user_id: String(other.partner.id) })).status).toBe(404);
    const token = csrfFrom((await agent.get('/manager')).text);
    const wrongContact = await agent
      .post(`/manager/accounts/${abc}/support-contacts/${theirContact}/delete`)
      .type('form')
      .send({ _csrf: token });
    expect(wrongContact.status).toBe(404);
    const wrongAccount = await agent
      .post(`/manager/accounts/${theirs}/support-contacts`)
      .type('form')
      .send({ email: 'x@y.example', _csrf: token });
    expect(wrongAccount.status).toBe(404);
    expect(await t.db('support_contacts').whereIn('account_id', [abc, theirs]).select('email')).toEqual([
      { email: 'suyo@otro.example' },
    ]);
  });

  it('refuses a 21st and removing the last one with 422, the message beside the list, the search kept', async () => {
    const r = await createReseller(t.db, { firstName: 'Sergio' });
    const abc = await createCustomerOf(t.db, r.resellerId);
    const agent = await signIn(t.app, r.partner.email);
    const only = await createSupportContact(t.db, abc, { email: 'uno@abc.example' });
    const last = await submitForm(
      agent,
      `/manager/accounts/${abc}`,
      `/manager/accounts/${abc}/support-contacts/${only}/delete`,
      {},
    );
    expect(last.status).toBe(422);
    expect(textOf(last.text)).toContain(
      'La cuenta necesita al menos un contacto de soporte: agrega otro antes de quitar el último.',
    );
    expect(last.text).toContain('id="error-support_contacts"');
    expect(last.text).toContain('href="#field-support_contacts"');
    expect(await t.db('support_contacts').where({ account_id: abc }).pluck('email')).toEqual(['uno@abc.example']);

    for (let i = 2; i <= 20; i++) await createSupportContact(t.db, abc, { email: `c${i}@abc.example` });
    const search = await agent.get(`/manager/accounts/${abc}?support_q=Sergio`);
    expect(search.text).toContain('name="support_q" value="Sergio"');
    const full = await addContact(agent, abc, { support_q: 'Sergio', partner_user_id: String(r.partner.id) });
    expect(full.status).toBe(422);
    expect(textOf(full.text)).toContain('Puedes agregar hasta 20 contactos de soporte.');
    expect(full.text).toMatch(/<input id="field-support_q" name="support_q" type="search" value="Sergio"/);
    expect(await t.db('support_contacts').where({ account_id: abc })).toHaveLength(20);
    const events = await t.db('audit_events').where({ target_id: abc }).where('action', 'like', 'support_contact.%');
    expect(events).toEqual([]);
  });
});
