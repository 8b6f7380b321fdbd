import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createContact, createMember, TEST_PASSWORD } from '../helpers/factories';

/** Issue 12, item 8: deleting asks first, a new password is new, and every login has its questions. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function ownerOf() {
  const accountId = await createAccount(t.db, { name: 'Seguridad SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  return { owner, accountId, agent: await signIn(t.app, owner.email) };
}

describe('deleting a contact or a sub-account', () => {
  it('asks first on a page of its own that says what goes, and deletes only from its button', async () => {
    const { agent, accountId } = await ownerOf();
    const plain = await createContact(t.db, accountId, {
      firstName: 'Pedro',
      lastName: 'Plano',
      email: 'pedro@seguridad.test',
    });
    const edit = await agent.get(`/contacts/${plain}/edit`);
    // The edit page links to the question; it holds no form that deletes at once.
    expect(edit.text).toContain(`href="/contacts/${plain}/delete"`);
    expect(edit.text).not.toContain(`action="/contacts/${plain}/delete"`);

    const confirm = await agent.get(`/contacts/${plain}/delete`);
    expect(confirm.status).toBe(200);
    const text = textOf(confirm.text);
    expect(text).toContain('¿Eliminar a Pedro Plano?');
    expect(text).toContain('pedro@seguridad.test');
    expect(text).toContain('dejará de recibir comunicados');
    expect(confirm.text).toContain(`action="/contacts/${plain}/delete"`);
    expect(confirm.text).toContain(`href="/contacts/${plain}/edit"`);
    expect(await t.db('contacts').where({ id: plain }).first()).toBeDefined();

    const deleted = await agent
      .post(`/contacts/${plain}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) });
    expect(deleted.headers.location).toBe('/contacts');
    expect(await t.db('contacts').where({ id: plain }).first()).toBeUndefined();
  });

  it('says that a sub-account loses its access, and what it could use', async () => {
    const { agent, accountId } = await ownerOf();
    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets', 'invoices'], accountId });
    const contact = await createContact(t.db, accountId, { userId: sub.id, email: sub.email });
    const text = textOf((await agent.get(`/contacts/${contact}/delete`)).text);
    expect(text).toContain('perderá de inmediato su acceso al portal de esta cuenta');
    expect(text).toContain('Facturas, Tickets');
  });

  it('refuses the page as it refuses the deletion: another account’s contact, oneself, a manager, no right', async () => {
    const { agent, accountId, owner } = await ownerOf();
    const other = await ownerOf();
    const foreign = await createContact(t.db, other.accountId);
    expect((await agent.get(`/contacts/${foreign}/delete`)).status).toBe(404);

    const own = await createContact(t.db, accountId, { userId: owner.id, email: owner.email });
    const self = await agent.get(`/contacts/${own}/delete`);
    expect(self.headers.location).toBe(`/contacts/${own}/edit`);
    expect(textOf((await agent.get(self.headers.location)).text)).toContain('No puedes eliminarte a ti mismo.');

    const admin = await createMember(t.db, { role: 'admin', accountId });
    const adminContact = await createContact(t.db, accountId, { userId: admin.id, email: admin.email });
    const manager = await agent.get(`/contacts/${adminContact}/delete`);
    expect(manager.headers.location).toBe(`/contacts/${adminContact}/edit`);
    expect(textOf((await agent.get(manager.headers.location)).text)).toContain(
      'Este contacto es propietario o administrador',
    );

    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const subContact = await createContact(t.db, accountId, { userId: sub.id, email: sub.email });
    const contactsOnly = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId });
    const limited = await signIn(t.app, contactsOnly.email);
    expect((await limited.get(`/contacts/${subContact}/delete`)).status).toBe(403);
    expect((await (await signIn(t.app, sub.email)).get(`/contacts/${subContact}/delete`)).status).toBe(403);
  });
});

describe('changing the password', () => {
  it('refuses the current password as the new one', async () => {
    const { owner, agent } = await ownerOf();
    const before = await t.db('users').where({ id: owner.id }).first();
    const same = await submitForm(agent, '/profile/password', '/profile/password', {
      current_password: TEST_PASSWORD,
      password: TEST_PASSWORD,
      password_confirmation: TEST_PASSWORD,
    });
    expect(same.status).toBe(422);
    expect(textOf(same.text)).toContain('La contraseña nueva debe ser distinta de la actual.');
    const after = await t.db('users').where({ id: owner.id }).first();
    expect(after.session_version).toBe(before.session_version);
  });
});

describe('a sub-account created with a password', () => {
  const ANSWERS = {
    questions: { 1: 'first_car', 2: 'first_job', 3: 'favorite_book' },
    answers: { 1: 'Vocho', 2: 'Cajero', 3: 'Pedro Páramo' },
  };

  it('is asked for its three security questions at its first sign-in, and not again', async () => {
    const { agent } = await ownerOf();
    const email = `sub.${Date.now()}@seguridad.test`;
    const password = 'una frase de paso bastante larga';
    await submitForm(agent, '/contacts/new', '/contacts/new', {
      first_name: 'Sara',
      last_name: 'Sub',
      company: 'Seguridad SA',
      email,
      phone: '+52 55 1234 5678',
      address1: 'Av. Reforma 222',
      city: 'Ciudad de México',
      state: 'CDMX',
      postcode: '06600',
      country: 'MX',
      subaccount: '1',
      permissions: ['tickets'],
      access: 'password',
      password,
    });
    const sub = await signIn(t.app, email, password);
    for (const path of ['/', '/tickets', '/profile']) {
      const response = await sub.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/profile/security-questions');
    }
    const page = await sub.get('/profile/security-questions');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain(
      'Antes de continuar, elige tu propia contraseña y tus tres preguntas de seguridad',
    );
    // Nothing else is done before the questions are chosen.
    const refused = await sub
      .post('/tickets/new')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), department: 'support', priority: 'low', subject: 'x', message: 'y' });
    expect(refused.headers.location).toBe('/profile/security-questions');
    expect(await t.db('tickets').where({ requester_email: email }).first()).toBeUndefined();

    const saved = await sub
      .post('/profile/security-questions')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        current_password: password,
        // The owner chose the password: Sara replaces it with her own.
        password: 'la frase propia de sara',
        password_confirmation: 'la frase propia de sara',
        ...ANSWERS,
      });
    expect(saved.status).toBe(303);
    expect((await sub.get('/tickets')).status).toBe(200);
    const again = await signIn(t.app, email, 'la frase propia de sara');
    expect((await again.get('/')).status).toBe(200);
  });
});
