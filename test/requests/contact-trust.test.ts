import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createContact, createMember } from '../helpers/factories';
import { lastMail } from '../helpers/mail';
import { fileInboundMail } from '../../src/services/inbound-filing';

/** Issue 10 items 3 and 6: what editing a contact may vouch for, and what the form tells. */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const fields = (overrides: Record<string, unknown> = {}) => ({
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
  email_types: ['support'],
  ...overrides,
});

const statusOf = async (id: number) =>
  ((await t.db('contacts').where({ id }).first()) as { authorization_status: string }).authorization_status;

describe('a changed e-mail on an authorized contact (item 3)', () => {
  it('is «No verificado» when a member with `contacts` changes it, and mail from it is held', async () => {
    const accountId = await createAccount(t.db);
    const member = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId });
    const contactId = await createContact(t.db, accountId, { firstName: 'Ana', email: 'ana@example.test' });
    const agent = await signIn(t.app, member.email);
    const edit = `/contacts/${contactId}/edit`;
    const saved = await submitForm(agent, edit, edit, fields({ first_name: 'Ana', email: 'cualquiera@fuera.test' }));
    expect(saved.status).toBe(303);
    expect(await statusOf(contactId)).toBe('unverified');
    expect(textOf((await agent.get('/contacts')).text)).toContain('No verificado');

    const filed = await fileInboundMail(t.deps, {
      messageId: `<lavado-${Date.now()}@fuera.test>`,
      fromAddress: 'cualquiera@fuera.test',
      fromName: 'Ana',
      subject: 'Cambien la cuenta bancaria',
      text: 'Por favor.',
      inReplyTo: '',
      references: [],
      automatic: false,
      bounce: false,
    });
    expect(filed).toMatchObject({ outcome: 'held', reason: 'unverified_sender' });
  });

  it('stays «Autorizado» when the owner or an admin changes it, and when a member edits anything else', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const admin = await createMember(t.db, { role: 'admin', accountId });
    const member = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId });
    const contactId = await createContact(t.db, accountId, { firstName: 'Ana', email: 'ana2@example.test' });
    const edit = `/contacts/${contactId}/edit`;
    for (const [who, email] of [
      [owner, 'ana.nueva@example.test'],
      [admin, 'ana.otra@example.test'],
    ] as const) {
      const agent = await signIn(t.app, who.email);
      expect((await submitForm(agent, edit, edit, fields({ first_name: 'Ana', email }))).status).toBe(303);
      expect(await statusOf(contactId)).toBe('authorized');
    }
    const agent = await signIn(t.app, member.email);
    const renamed = fields({ first_name: 'Ana María', email: 'ana.otra@example.test' });
    expect((await submitForm(agent, edit, edit, renamed)).status).toBe(303);
    expect(await statusOf(contactId)).toBe('authorized');
  });
});

describe('«Sub-cuenta activada» for an address that has a login (item 6)', () => {
  it('answers exactly as for a new address, and attaches the person by invitation («ingresa con tu ID»)', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const someoneElse = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const access = { subaccount: '1', permissions: ['tickets'], access: 'password' };
    const password = 'una contraseña bastante larga';

    const fresh = await submitForm(agent, '/contacts/new', '/contacts/new', fields({ ...access, password }));
    const freshPage = textOf((await agent.get(fresh.headers.location)).text);
    const known = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      fields({ ...access, password, first_name: 'Lucía', email: someoneElse.email }),
    );
    const knownPage = textOf((await agent.get(known.headers.location)).text);
    expect(known.status).toBe(fresh.status);
    expect(known.headers.location).toBe(fresh.headers.location);
    const flash = (page: string) => /Se agregó[^.]*\./.exec(page)?.[0];
    expect(flash(knownPage)).toBeDefined();
    expect(flash(knownPage)).toBe(flash(freshPage));

    // Their own password is untouched; they join by signing in from the invitation.
    const mail = await lastMail(t.db, 'invitation_existing', someoneElse.email);
    expect(mail.text_body).toMatch(/ID de Cuentas/);
    const membership = await t.db('memberships').where({ user_id: someoneElse.id, account_id: accountId }).first();
    expect(membership).toMatchObject({ role: 'member', permissions: ['tickets'], accepted_at: null });
    expect(await signIn(t.app, someoneElse.email)).toBeDefined();
  });

  it('checks the password policy first, for a new address and a known one alike', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const someoneElse = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const weak = { subaccount: '1', permissions: ['tickets'], access: 'password', password: 'corta' };
    const fresh = await submitForm(agent, '/contacts/new', '/contacts/new', fields(weak));
    const known = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      fields({ ...weak, email: someoneElse.email }),
    );
    expect([fresh.status, known.status]).toEqual([422, 422]);
    for (const page of [fresh.text, known.text]) {
      expect(page).toContain('al menos 12 caracteres');
      expect(page).not.toContain('ya tiene un ID de Cuentas');
    }
  });
});
