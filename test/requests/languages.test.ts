import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import {
  accountNumberId,
  createAccount,
  createAccountNumber,
  createContactRow,
  createInvoice,
  createMember,
  createSupportContactRow,
  createUser,
  TEST_PASSWORD,
} from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';

/** Issue 12, item 3: the language is the user's, and every e-mail speaks its recipient's. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const localeOf = async (userId: number) =>
  ((await t.db('users').where({ id: userId }).first()) as { locale: string }).locale;

describe('the language of a signed-in user', () => {
  it('is stored on the user by the language link, and their e-mail follows it', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const agent = await signIn(t.app, member.email);
    const switched = await agent.get('/language/en?next=/profile');
    expect(switched.headers.location).toBe('/profile');
    expect(await localeOf(member.id)).toBe('en');
    expect((await agent.get('/profile')).text).toContain('<html lang="en">');

    // The owner, in Spanish, resets the member's password: the e-mail is in English.
    const admin = await signIn(t.app, owner.email);
    await submitForm(admin, `/users/${member.membershipId}`, `/users/${member.membershipId}/reset-password`, {});
    const mail = await lastMail(t.db, 'password_reset', member.email);
    expect(mail.subject).toBe('Reset your Cuentas password');
    const link = await linkInMail(t.db, 'password_reset', member.email);
    expect((await newAgent(t.app).get(link)).text).toContain('<html lang="en">');
  });

  it('is chosen in Mi perfil, and is the one pages use once signed in, whatever the browser said before', async () => {
    const member = await createMember(t.db);
    const agent = newAgent(t.app);
    await agent.get('/language/en?next=/login');
    expect((await agent.get('/login')).text).toContain('<html lang="en">');
    await submitForm(agent, '/login', '/login', { email: member.email, password: TEST_PASSWORD });
    const page = await agent.get('/profile');
    expect(page.text).toContain('<html lang="es">');
    expect(page.text).toMatch(/<select id="field-locale" name="locale"[^>]*>/);
    const saved = await submitForm(agent, '/profile', '/profile', {
      first_name: 'Ana',
      last_name: 'Reyes',
      default_app: 'dashboard',
      locale: 'en',
    });
    expect(saved.status).toBe(303);
    expect(await localeOf(member.id)).toBe('en');
    expect((await agent.get('/profile')).text).toContain('<html lang="en">');
    // Another browser, with no choice of its own, shows the user's language once they sign in.
    expect((await (await signIn(t.app, member.email)).get('/profile')).text).toContain('<html lang="en">');

    const refused = await submitForm(agent, '/profile', '/profile', {
      first_name: 'Ana',
      last_name: 'Reyes',
      default_app: 'dashboard',
      locale: 'fr',
    });
    expect(refused.status).toBe(422);
    expect(await localeOf(member.id)).toBe('en');

    // Signed out, the browser keeps speaking it.
    await submitForm(agent, '/profile', '/logout', {});
    expect((await agent.get('/login')).text).toContain('<html lang="en">');
  });
});

describe('e-mail in the language of whoever receives it', () => {
  it('lets the inviter pick the invitee’s language on the invitation form', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const form = await agent.get('/users/new');
    expect(form.text).toMatch(/<select id="field-locale" name="locale"/);
    expect(form.text).toContain('<option value="es" selected>Español</option>');
    const sent = await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'John',
      last_name: 'Smith',
      email: 'john.smith@example.test',
      role: 'member',
      permissions: ['tickets'],
      locale: 'en',
    });
    expect(sent.status).toBe(303);
    const user = await t.db('users').where({ email: 'john.smith@example.test' }).first();
    expect(user.locale).toBe('en');
    expect((await lastMail(t.db, 'invitation', user.email)).subject).toMatch(/^Invitation to .* on Cuentas/);
    // The link opens a page in the same language, unless the browser chose one.
    const link = await linkInMail(t.db, 'invitation', user.email);
    expect((await newAgent(t.app).get(link)).text).toContain('<html lang="en">');
    const spanishBrowser = newAgent(t.app);
    await spanishBrowser.get('/language/es?next=/login');
    expect((await spanishBrowser.get(link)).text).toContain('<html lang="es">');

    const refused = await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Otro',
      last_name: 'Más',
      email: 'otro.mas@example.test',
      role: 'member',
      locale: 'xx',
    });
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('Elige un idioma de la lista.');
  });

  it('writes a ticket’s opener and the owner each in their own language', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    await t.db('users').where({ id: member.id }).update({ locale: 'en' });
    await createSupportContactRow(t.db, accountId, { email: 'soporte.externo@example.test' });
    const agent = await signIn(t.app, member.email);
    const opened = await submitForm(agent, '/tickets/new', '/tickets/new', {
      department: 'support',
      priority: 'medium',
      subject: 'No dial tone',
      message: 'Since this morning.',
      problem_report: '1',
    });
    const number = /\/tickets\/(\d{6})$/.exec(opened.headers.location)![1];
    const mails: { to_addresses: string[]; cc_addresses: string[]; text_body: string; template: string }[] = await t
      .db('mail_outbox as o')
      .join('tickets as k', 'k.id', 'o.ticket_id')
      .where('k.number', number)
      .orderBy('o.id')
      .select('o.*');
    const to = (email: string) => mails.find((m) => m.to_addresses.includes(email))!;
    expect(to(member.email).text_body).toContain(`Ticket #${number} was opened`);
    expect(to(member.email).cc_addresses).toEqual([]);
    expect(to(owner.email).text_body).toContain(`Abrimos el ticket #${number}`);
    expect(to('soporte.externo@example.test').text_body).toContain('Se reportó un problema');
  });

  it('sends an invoice to each contact in their language, whatever the page it was sent from', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const english = await createUser(t.db, { email: 'billing.en@example.test' });
    await t.db('users').where({ id: english.id }).update({ locale: 'en' });
    await createContactRow(t.db, accountId, { email: english.email, emailTypes: ['invoice'] });
    await createContactRow(t.db, accountId, { email: 'facturas@example.test', emailTypes: ['invoice'] });
    const numberId = await accountNumberId(t.db, await createAccountNumber(t.db, accountId));
    const invoice = await createInvoice(t.db, accountId, numberId);
    const agent = await signIn(t.app, owner.email);
    await submitForm(agent, `/invoices/${invoice.number}`, `/invoices/${invoice.number}/email`, {});
    expect((await lastMail(t.db, 'invoice_notice', english.email)).subject).toMatch(/^Invoice /);
    expect((await lastMail(t.db, 'invoice_notice', 'facturas@example.test')).subject).toMatch(/^Factura /);
  });
});
