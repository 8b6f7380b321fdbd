import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createContact, createContacts, createMember } from '../helpers/factories';
import { lastMail } from '../helpers/mail';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const valid = (overrides: Record<string, unknown> = {}) => ({
  first_name: 'Lucía',
  last_name: 'Herrera',
  company: 'ABC Company',
  email: `lucia.${Math.random().toString(36).slice(2, 8)}@example.test`,
  phone: '+52 55 1234 5678',
  address1: 'Av. Reforma 222',
  address2: '',
  city: 'Ciudad de México',
  state: 'CDMX',
  postcode: '06600',
  country: 'MX',
  email_types: ['invoice', 'support'],
  ...overrides,
});

async function ownerOf(accountId?: number) {
  const account = accountId ?? (await createAccount(t.db));
  const owner = await createMember(t.db, { role: 'owner', accountId: account, firstName: 'Olga' });
  return { owner, accountId: account, agent: await signIn(t.app, owner.email) };
}

describe('GET /contacts', () => {
  it("lists the account's contacts with what they receive, access and authorization, a page at a time", async () => {
    const { accountId, agent } = await ownerOf();
    await createContacts(
      t.db,
      accountId,
      Array.from({ length: 30 }, (_, i) => ({
        lastName: `Apellido${String(i).padStart(2, '0')}`,
        email: `p${i}@example.test`,
        emailTypes: i === 0 ? ['invoice'] : [],
        authorization: i === 1 ? ('unverified' as const) : ('authorized' as const),
      })),
    );
    const first = await agent.get('/contacts');
    expect(first.status).toBe(200);
    const text = textOf(first.text);
    expect(text).toContain('Apellido00');
    expect(text).toContain('Facturas');
    expect(text).toContain('No verificado');
    expect(text).not.toContain('Apellido29');
    const next = /href="(\/contacts\?after=\d+)"/.exec(first.text)![1];
    const second = await agent.get(next);
    expect(textOf(second.text)).toContain('Apellido29');
    expect(textOf(second.text)).not.toContain('Apellido00');
    expect(second.text).not.toContain('?after=');
    const back = /href="(\/contacts\?before=\d+)"/.exec(second.text)![1];
    const again = textOf((await agent.get(back)).text);
    expect(again).toContain('Apellido00');
    expect(again).toContain('Apellido24');
    expect(again).not.toContain('Apellido29');
  });
});

describe('POST /contacts/new', () => {
  it('adds a contact, authorized from the start, ignoring fields nobody may set', async () => {
    const { accountId, agent } = await ownerOf();
    const other = await createAccount(t.db);
    const fields = valid({ account_id: String(other), user_id: '1', role: 'owner', authorization_status: 'rejected' });
    const response = await submitForm(agent, '/contacts/new', '/contacts/new', fields);
    expect(response.status).toBe(303);
    expect((await agent.get('/contacts')).text).toContain('Se agregó a Lucía Herrera.');
    const row = await t.db('contacts').where({ email: fields.email }).first();
    expect(row).toMatchObject({
      account_id: accountId,
      user_id: null,
      authorization_status: 'authorized',
      country: 'MX',
      address2: '',
    });
    expect([...row.email_types].sort()).toEqual(['invoice', 'support']);
  });

  it('checks every field on the server and keeps the values on 422', async () => {
    const { agent } = await ownerOf();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ email: 'sin-arroba' }, 'email', 'Escribe un correo electrónico válido'],
      [{ country: 'XX' }, 'country', 'Elige el país de la lista.'],
      [{ postcode: '#$%' }, 'postcode', 'Escribe un código postal válido'],
      [{ phone: 'llámame' }, 'phone', 'Escribe un teléfono válido'],
      [{ first_name: 'Lucía\r\nBcc: x@example.test' }, 'first_name', 'El nombre no puede tener saltos de línea'],
      [
        { last_name: '<script>alert(1)</script>' },
        'last_name',
        'El apellido no puede tener saltos de línea ni los signos &lt; &gt;.',
      ],
      [{ company: 'x'.repeat(121) }, 'company', 'La empresa es demasiado larga.'],
      [{ city: '' }, 'city', 'Escribe la ciudad.'],
      [{ email_types: ['spam'] }, 'email_types', 'Elige solo tipos de la lista.'],
    ];
    for (const [change, field, message] of cases) {
      const response = await submitForm(agent, '/contacts/new', '/contacts/new', valid(change));
      expect(response.status).toBe(422);
      expect(textOf(response.text)).toContain(message);
      expect(response.text).toContain(`id="error-${field}"`.replace('error-email_types', 'field-email_types'));
      expect(response.text).toContain('value="Av. Reforma 222"');
    }
    const escaped = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      valid({ last_name: '<script>alert(1)</script>' }),
    );
    expect(escaped.text).not.toContain('<script>alert(1)</script>');
    expect(escaped.text).toContain('&lt;script&gt;');
    expect(
      await t.db('contacts').where({ first_name: 'Lucía', last_name: '<script>alert(1)</script>' }).first(),
    ).toBeUndefined();
  });

  it('refuses a second contact with the same e-mail in the account', async () => {
    const { agent } = await ownerOf();
    const fields = valid();
    await submitForm(agent, '/contacts/new', '/contacts/new', fields);
    const again = await submitForm(agent, '/contacts/new', '/contacts/new', fields);
    expect(again.status).toBe(422);
    expect(again.text).toContain('Ya hay un contacto con ese correo en esta cuenta.');
  });
});

describe('sub-accounts', () => {
  it('suggests a password, «Generar otra» re-renders with a new one keeping everything, and the sub-user signs in with it', async () => {
    const { agent, accountId } = await ownerOf();
    const page = await agent.get('/contacts/new');
    const suggestion = /name="password" type="text"\s+value="([^"]+)"/.exec(page.text)![1];
    expect(suggestion).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    const fields = valid({ subaccount: '1', permissions: ['services'], access: 'password', password: suggestion });
    const regenerated = await agent
      .post('/contacts/new')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields, generate: '1' });
    expect(regenerated.status).toBe(200);
    const second = /name="password" type="text"\s+value="([^"]+)"/.exec(regenerated.text)![1];
    expect(second).not.toBe(suggestion);
    expect(regenerated.text).toContain(`value="${fields.email}"`);
    expect(regenerated.text).toMatch(/id="subaccount"\s+checked/);
    expect(regenerated.text).toMatch(/value="services" id="permission-services"\s+checked/);
    expect(await t.db('contacts').where({ email: fields.email }).first()).toBeUndefined();

    const saved = await agent
      .post('/contacts/new')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields, password: second });
    expect(saved.status).toBe(303);
    const subUser = await signIn(t.app, fields.email, second);
    // Their first sign-in asks for the security questions the owner could not choose for them, and
    // for a password of their own.
    expect((await subUser.get('/')).headers.location).toBe('/profile/security-questions');
    await submitForm(subUser, '/profile/security-questions', '/profile/security-questions', {
      current_password: second,
      password: 'mi propia frase de paso',
      password_confirmation: 'mi propia frase de paso',
      questions: { 1: 'first_car', 2: 'first_job', 3: 'favorite_book' },
      answers: { 1: 'Vocho', 2: 'Cajero', 3: 'Pedro Páramo' },
    });
    const home = await subUser.get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.text)).toContain('Servicios');
    expect((await subUser.get('/invoices')).status).toBe(403);
    const membership = await t
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('u.email', fields.email)
      .first('m.*');
    expect(membership).toMatchObject({ account_id: accountId, role: 'member', permissions: ['services'] });
  });

  it('refuses a weak password; someone who already has a login is invited instead, without saying so', async () => {
    const { agent } = await ownerOf();
    const weak = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      valid({ subaccount: '1', permissions: ['tickets'], access: 'password', password: 'corta' }),
    );
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('al menos 12 caracteres');
    const existing = await createMember(t.db, { role: 'owner' });
    const taken = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      valid({ email: existing.email, subaccount: '1', access: 'password', password: 'una contraseña bastante larga' }),
    );
    expect(taken.status).toBe(303);
    expect(await lastMail(t.db, 'invitation_existing', existing.email)).toBeDefined();
  });

  it('can send an invitation instead of a password', async () => {
    const { agent } = await ownerOf();
    const fields = valid({ subaccount: '1', permissions: ['tickets'], access: 'invitation' });
    expect((await submitForm(agent, '/contacts/new', '/contacts/new', fields)).status).toBe(303);
    expect((await lastMail(t.db, 'invitation', fields.email)).text_body).toContain('Regístrate ahora');
  });

  it("applies permission changes and switching off at the sub-user's very next request", async () => {
    const { agent, accountId } = await ownerOf();
    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const contactId = await createContact(t.db, accountId, {
      userId: sub.id,
      firstName: 'Sub',
      lastName: 'Usuario',
      email: sub.email,
    });
    const subAgent = await signIn(t.app, sub.email);
    expect((await subAgent.get('/services')).status).toBe(403);

    const edit = `/contacts/${contactId}/edit`;
    const base = valid({ email: sub.email, first_name: 'Sub', last_name: 'Usuario' });
    expect((await submitForm(agent, edit, edit, { ...base, subaccount: '1', permissions: ['services'] })).status).toBe(
      303,
    );
    expect((await subAgent.get('/services')).status).toBe(200);
    expect((await subAgent.get('/tickets')).status).not.toBe(200);

    expect((await submitForm(agent, edit, edit, { ...base })).status).toBe(303);
    expect((await subAgent.get('/')).headers.location).toBe('/login');
    expect(await t.db('memberships').where({ id: sub.membershipId }).first()).toBeUndefined();
    expect((await t.db('contacts').where({ id: contactId }).first()).user_id).toBeNull();
  });
});

describe('POST /contacts/:id/delete', () => {
  it("removes a sub-account's access here and ends their session; the owner cannot delete themselves", async () => {
    const { agent, accountId, owner } = await ownerOf();
    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const subContact = await createContact(t.db, accountId, { userId: sub.id, email: sub.email });
    const ownContact = await createContact(t.db, accountId, { userId: owner.id, email: owner.email });
    const subAgent = await signIn(t.app, sub.email);

    const deleted = await submitForm(agent, `/contacts/${subContact}/edit`, `/contacts/${subContact}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await t.db('contacts').where({ id: subContact }).first()).toBeUndefined();
    expect((await subAgent.get('/')).headers.location).toBe('/login');

    const self = await submitForm(agent, '/contacts', `/contacts/${ownContact}/delete`, {});
    expect(self.status).toBe(303);
    expect((await agent.get('/contacts')).text).toContain('No puedes eliminarte a ti mismo.');
    expect(await t.db('contacts').where({ id: ownContact }).first()).toBeDefined();
  });

  it("treats another account's contact as not found", async () => {
    const { agent } = await ownerOf();
    const other = await ownerOf();
    const foreign = await createContact(t.db, other.accountId, { email: 'ajeno@example.test' });
    expect((await agent.get(`/contacts/${foreign}/edit`)).status).toBe(404);
    expect((await submitForm(agent, '/contacts', `/contacts/${foreign}/delete`, {})).status).toBe(404);
    expect((await submitForm(agent, '/contacts', `/contacts/${foreign}/edit`, valid())).status).toBe(404);
    expect(await t.db('contacts').where({ id: foreign }).first()).toMatchObject({ email: 'ajeno@example.test' });
  });
});

describe('a member with only `contacts`', () => {
  it('manages plain contacts but is shown no sub-account controls', async () => {
    const accountId = await createAccount(t.db);
    await createMember(t.db, { role: 'owner', accountId });
    const member = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId });
    const agent = await signIn(t.app, member.email);
    const page = await agent.get('/contacts/new');
    expect(page.text).not.toContain('Sub-cuenta activada');
    const refused = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      valid({ subaccount: '1', permissions: ['invoices'], password: 'una contraseña bastante larga' }),
    );
    expect(refused.status).toBe(403);
    const fields = valid();
    expect((await submitForm(agent, '/contacts/new', '/contacts/new', fields)).status).toBe(303);
    // Only the owner or an admin vouches for a contact; the helpdesk validates the rest.
    expect((await t.db('contacts').where({ email: fields.email }).first()).authorization_status).toBe('unverified');
  });

  it('is shown no «Eliminar» for a sub-account or a manager, and the server refuses what the page does not offer', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const member = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId });
    const ownerContact = await createContact(t.db, accountId, { userId: owner.id, email: owner.email });
    const subContact = await createContact(t.db, accountId, { userId: sub.id, email: sub.email });
    const plain = await createContact(t.db, accountId, { firstName: 'Pedro', lastName: 'Plano' });
    const agent = await signIn(t.app, member.email);

    for (const id of [ownerContact, subContact]) {
      const page = await agent.get(`/contacts/${id}/edit`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(`/contacts/${id}/delete`);
    }
    expect((await agent.get(`/contacts/${plain}/edit`)).text).toContain(`href="/contacts/${plain}/delete"`);

    expect((await submitForm(agent, '/contacts', `/contacts/${subContact}/delete`, {})).status).toBe(403);
    const manager = await submitForm(agent, '/contacts', `/contacts/${ownerContact}/delete`, {});
    expect(manager.status).toBe(303);
    expect(textOf((await agent.get('/contacts')).text)).toContain('Este contacto es propietario o administrador');
    expect(await t.db('contacts').whereIn('id', [ownerContact, subContact]).count('* as n').first()).toEqual({ n: 2 });
    expect((await submitForm(agent, '/contacts', `/contacts/${plain}/delete`, {})).status).toBe(303);
    expect(await t.db('contacts').where({ id: plain }).first()).toBeUndefined();
  });
});
