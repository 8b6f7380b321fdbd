/* What each e-mail category of a contact drives (issue 21, seed 001 row 7): Soporte, Generales. */
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import {
  accountSettingsBody,
  createAccount,
  createContactRow,
  createCustomerOf,
  createMember,
  createReseller,
  createUser,
} from '../helpers/factories';
import { linkInMail } from '../helpers/mail';
import { addTicketMessage } from '../../src/services/tickets';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

interface Mail {
  template: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  category: string;
}

const ticketMails = (number: string): Promise<Mail[]> =>
  t
    .db('mail_outbox as o')
    .join('tickets as k', 'k.id', 'o.ticket_id')
    .where('k.number', number)
    .orderBy('o.id')
    .select('o.*');

const addressesOf = (mails: Mail[]) => mails.flatMap((m) => [...m.to_addresses, ...m.cc_addresses]);

/** An account with its owner, a member, and contacts: two who chose «Soporte» (one reads English), one who did not. */
async function supportAccount() {
  const accountId = await createAccount(t.db, { name: 'Copias SA' });
  const domain = `copias-${accountId}.test`;
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  // The owner's own contact receives support mail too: they are the opener, and get one message.
  await createContactRow(t.db, accountId, { email: owner.email, emailTypes: ['support', 'general'] });
  const spanish = await createContactRow(t.db, accountId, { email: `ti@${domain}`, emailTypes: ['support'] });
  const englishLogin = await createUser(t.db, { email: `it@${domain}` });
  await t.db('users').where({ id: englishLogin.id }).update({ locale: 'en' });
  const english = await createContactRow(t.db, accountId, { email: englishLogin.email, emailTypes: ['support'] });
  const billing = await createContactRow(t.db, accountId, { email: `cobros@${domain}`, emailTypes: ['invoice'] });
  return { accountId, owner, member, spanish, english, billing };
}

const openTicket = async (email: string) => {
  const agent = await signIn(t.app, email);
  const response = await submitForm(agent, '/tickets/new', '/tickets/new', {
    department: 'support',
    priority: 'high',
    subject: 'La troncal no marca',
    message: 'Desde hoy no hay tono.',
  });
  expect(response.status).toBe(303);
  return { agent, number: /\/tickets\/(\d{6})$/.exec(response.headers.location)![1] };
};

describe('Soporte: a copy of the ticket mail of the tickets the owner opened', () => {
  it('copies the support contacts on the owner’s ticket, each in their language, once, and not the others', async () => {
    const a = await supportAccount();
    const { agent, number } = await openTicket(a.owner.email);
    const [spanish, english, ...others] = await ticketMails(number);
    expect(others).toEqual([]);
    expect(spanish).toMatchObject({ template: 'ticket_opened', category: 'support' });
    expect(spanish.to_addresses).toEqual([a.owner.email]);
    expect(spanish.cc_addresses).toEqual([a.spanish.email]);
    expect(spanish.text_body).toContain('Desde hoy no hay tono.');
    expect(english.to_addresses).toEqual([a.english.email]);
    expect(english.cc_addresses).toEqual([]);
    expect(english.subject).toBe(`[#${number}] La troncal no marca`);
    expect(english.text_body).toContain('Desde hoy no hay tono.');
    expect(english.text_body).not.toContain('Hola');
    expect(addressesOf(await ticketMails(number))).not.toContain(a.billing.email);

    // The helpdesk answers: the owner and the copies again.
    const ticket = await t.db('tickets').where({ number }).first();
    await addTicketMessage(t.deps, ticket, {
      userId: null,
      email: 'soporte@cuentas.example',
      name: 'Sofía',
      kind: 'staff',
      body: 'Ya lo revisamos.',
      source: 'staff',
    });
    const answer = (await ticketMails(number)).slice(2);
    expect(answer.map((m) => [m.to_addresses, m.cc_addresses])).toEqual([
      [[a.owner.email], [a.spanish.email]],
      [[a.english.email], []],
    ]);

    // The owner's own reply: not to the owner, but still copied.
    await submitForm(agent, `/tickets/${number}`, `/tickets/${number}/reply`, { message: 'Más datos: error 503.' });
    const reply = (await ticketMails(number)).slice(4);
    expect(reply.map((m) => m.to_addresses).sort()).toEqual([[a.english.email], [a.spanish.email]]);
    expect(reply.every((m) => m.text_body.includes('Más datos: error 503.'))).toBe(true);
  });

  it('never copies them on a ticket another user opened (seed 003)', async () => {
    const a = await supportAccount();
    const { number } = await openTicket(a.member.email);
    const ticket = await t.db('tickets').where({ number }).first();
    await addTicketMessage(t.deps, ticket, {
      userId: null,
      email: 'soporte@cuentas.example',
      name: 'Sofía',
      kind: 'staff',
      body: 'Ya lo revisamos.',
      source: 'staff',
    });
    const mails = await ticketMails(number);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => [m.to_addresses, m.cc_addresses])).toEqual([
      [[a.member.email], [a.owner.email]],
      [[a.member.email], [a.owner.email]],
    ]);
    for (const contact of [a.spanish, a.english, a.billing]) expect(addressesOf(mails)).not.toContain(contact.email);
  });
});

/** The «Generales» notices queued for an account, oldest first. */
const notices = (accountId: number, template: string): Promise<Mail[]> =>
  t.db('mail_outbox').where({ account_id: accountId, template }).orderBy('id').select('*');

/** A customer of a reseller with its owner and contacts: two «Generales» (one reads English), one «Facturas» only. */
async function generalAccount() {
  const r = await createReseller(t.db, { name: 'Acme Telecom', pool: { inbound: 20, outbound: 20, twoway: 10 } });
  const accountId = await createCustomerOf(t.db, r.resellerId, {
    name: 'ABC Company',
    trunks: { inbound: 5, outbound: 5, twoway: 2 },
  });
  const domain = `generales-${accountId}.test`;
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Patricia' });
  await createContactRow(t.db, accountId, { email: owner.email, emailTypes: ['general'] });
  const spanish = await createContactRow(t.db, accountId, { email: `avisos@${domain}`, emailTypes: ['general'] });
  const englishLogin = await createUser(t.db, { email: `notices@${domain}` });
  await t.db('users').where({ id: englishLogin.id }).update({ locale: 'en' });
  const english = await createContactRow(t.db, accountId, { email: englishLogin.email, emailTypes: ['general'] });
  const billing = await createContactRow(t.db, accountId, { email: `cobros@${domain}`, emailTypes: ['invoice'] });
  return { r, accountId, owner, spanish, english, billing, partner: await signIn(t.app, r.partner.email) };
}

const toOf = (mails: Mail[]) => mails.map((m) => m.to_addresses);

describe('Generales: notices about the account itself', () => {
  it('tells each general contact, in their language, that the account was suspended, reactivated or closed', async () => {
    const a = await generalAccount();
    const press = (action: string) =>
      submitForm(
        a.partner,
        `/manager/accounts/${a.accountId}/${action}`,
        `/manager/accounts/${a.accountId}/${action}`,
        {},
      );
    expect((await press('suspend')).status).toBe(303);
    const suspended = await notices(a.accountId, 'account_notice_suspended');
    // One message each; the owner is told in their own message only; «Facturas» hears nothing.
    expect(toOf(suspended)).toEqual([[a.spanish.email], [a.english.email]]);
    expect(suspended.every((m) => m.category === 'general')).toBe(true);
    expect(suspended[0].subject).toBe('La cuenta ABC Company está suspendida');
    expect(suspended[0].text_body).toContain('Acme Telecom suspendió la cuenta ABC Company en Cuentas.');
    expect(suspended[0].text_body).toContain('eres contacto de avisos generales de ABC Company');
    expect(suspended[1].subject).toBe('The account ABC Company is suspended');
    expect(suspended[1].text_body).toContain('Acme Telecom suspended the account ABC Company in Cuentas.');
    expect(await notices(a.accountId, 'account_suspended')).toHaveLength(1);

    expect((await press('reactivate')).status).toBe(303);
    expect(toOf(await notices(a.accountId, 'account_notice_reactivated'))).toEqual([
      [a.spanish.email],
      [a.english.email],
    ]);
    expect((await press('close')).status).toBe(303);
    const closed = await notices(a.accountId, 'account_notice_closed');
    expect(toOf(closed)).toEqual([[a.spanish.email], [a.english.email]]);
    expect(closed[0].text_body).toContain('Acme Telecom cerró la cuenta ABC Company en Cuentas.');
    const all = await t.db('mail_outbox').where({ account_id: a.accountId }).select('to_addresses', 'template');
    expect(JSON.stringify(all)).not.toContain(a.billing.email);
    expect(all.filter((m: { template: string }) => m.template.startsWith('account_notice_'))).toHaveLength(6);
  });

  it('tells them when the reseller changes the sections or the trunks, with what the account has now', async () => {
    const a = await generalAccount();
    const edit = (body: Record<string, unknown>) =>
      submitForm(a.partner, `/manager/accounts/${a.accountId}/edit`, `/manager/accounts/${a.accountId}/edit`, body);
    const body = accountSettingsBody({
      name: 'ABC Company SA',
      inbound_trunks: '7',
      sections: ['tickets', 'invoices'],
    });
    expect((await edit(body)).status).toBe(303);
    // Nobody had a message of their own about it: the owner's contact is told too.
    const [owner, spanish, english, ...others] = await notices(a.accountId, 'account_notice_settings');
    expect(others).toEqual([]);
    expect(owner.to_addresses).toEqual([a.owner.email]);
    expect(spanish.to_addresses).toEqual([a.spanish.email]);
    expect(spanish.subject).toBe('Cambios en la cuenta ABC Company SA');
    expect(spanish.text_body).toContain('Secciones habilitadas: Facturas y Tickets');
    expect(spanish.text_body).toContain('Troncales entrantes: 7\nTroncales salientes: 5\nTroncales bidireccionales: 2');
    expect(english.to_addresses).toEqual([a.english.email]);
    expect(english.text_body).toContain('Sections enabled: Invoices and Tickets');
    expect(JSON.stringify(await notices(a.accountId, 'account_notice_settings'))).not.toContain(a.billing.email);

    // Name and time zone only: not news for them.
    expect((await edit({ ...body, name: 'ABC Company SA de CV', timezone: 'America/Monterrey' })).status).toBe(303);
    expect(await notices(a.accountId, 'account_notice_settings')).toHaveLength(3);

    // Sections alone: no trunk lines.
    expect((await edit({ ...body, sections: ['tickets'] })).status).toBe(303);
    const [latest] = (await notices(a.accountId, 'account_notice_settings')).slice(3);
    expect(latest.text_body).toContain('Secciones habilitadas: Tickets');
    expect(latest.text_body).not.toContain('Troncales');
  });

  it('tells them who joined: an invitation accepted, or a sub-account with a password; not the newcomer', async () => {
    const accountId = await createAccount(t.db, { name: 'Cuenta Nueva SA' });
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
    const contact = await createContactRow(t.db, accountId, {
      email: `avisos@nueva-${accountId}.test`,
      emailTypes: ['general'],
    });
    const ownerAgent = await signIn(t.app, owner.email);
    const invitee = `rosa.${accountId}@example.test`;
    const invited = await submitForm(ownerAgent, '/users/new', '/users/new', {
      first_name: 'Rosa',
      last_name: 'Díaz',
      email: invitee,
      role: 'member',
      permissions: ['tickets'],
    });
    expect(invited.status).toBe(303);
    // Invited is not joined yet.
    expect(await notices(accountId, 'account_notice_user_added')).toEqual([]);
    const link = await linkInMail(t.db, 'invitation', invitee);
    const agent = newAgent(t.app);
    const page = await agent.get(link);
    const done = await agent
      .post(link)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        password: 'mi frase secreta de registro',
        password_confirmation: 'mi frase secreta de registro',
        questions: { 1: 'first_pet', 2: 'first_school', 3: 'street_grew_up' },
        answers: { 1: 'Firulais', 2: 'Benito Juárez', 3: 'Insurgentes' },
      });
    expect(done.status).toBe(303);
    const [joined, ...others] = await notices(accountId, 'account_notice_user_added');
    expect(others).toEqual([]);
    expect(joined.to_addresses).toEqual([contact.email]);
    expect(joined.subject).toBe('Nuevo usuario en la cuenta Cuenta Nueva SA');
    expect(joined.text_body).toContain(`Rosa (${invitee}) ya es usuario de la cuenta Cuenta Nueva SA`);

    const subEmail = `lucia.${accountId}@example.test`;
    const created = await submitForm(ownerAgent, '/contacts/new', '/contacts/new', {
      first_name: 'Lucía',
      last_name: 'Herrera',
      company: 'Cuenta Nueva SA',
      email: subEmail,
      phone: '+52 55 1234 5678',
      address1: 'Av. Reforma 222',
      city: 'Ciudad de México',
      state: 'CDMX',
      postcode: '06600',
      country: 'MX',
      email_types: ['general'],
      subaccount: '1',
      permissions: ['tickets'],
      access: 'password',
      password: 'una frase de paso bastante larga',
    });
    expect(created.status).toBe(303);
    const latest = (await notices(accountId, 'account_notice_user_added')).slice(1);
    // Rosa is a user now, with a contact that receives general mail (every user starts with one).
    expect(toOf(latest)).toEqual([[contact.email], [invitee]]);
    expect(latest[0].text_body).toContain(`Lucía Herrera (${subEmail}) ya es usuario`);
  });
});

describe('the contact form', () => {
  const contactFields = (overrides: Record<string, unknown>) => ({
    first_name: 'Lucía',
    last_name: 'Herrera',
    company: 'ABC Company',
    email: `lucia.${Math.random().toString(36).slice(2, 8)}@example.test`,
    phone: '+52 55 1234 5678',
    address1: 'Av. Reforma 222',
    city: 'Ciudad de México',
    state: 'CDMX',
    postcode: '06600',
    country: 'MX',
    ...overrides,
  });

  it('says what each category receives, and no longer offers Afiliados', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const agent = await signIn(t.app, owner.email);
    const page = await agent.get('/contacts/new');
    expect(page.status).toBe(200);
    for (const value of ['general', 'invoice', 'support', 'product', 'domain'])
      expect(page.text).toContain(`name="email_types[]" value="${value}"`);
    expect(page.text).not.toContain('value="affiliate"');
    expect(page.text).not.toContain('Afiliados');
    const text = textOf(page.text);
    expect(text).toContain('Generales Avisos sobre la cuenta: suspensión, reactivación o cierre');
    expect(text).toContain('Soporte Copia de los correos de los tickets que abre el propietario de la cuenta.');
    expect(text).toContain('Dominios Cuando uno de los dominios de la cuenta se activa, se suspende o se cancela.');
    await t.db('users').where({ id: owner.id }).update({ locale: 'en' });
    const english = textOf((await agent.get('/contacts/new')).text);
    expect(english).toContain('Support A copy of the e-mails about the tickets the account&#39;s owner opens.');

    // Posted anyway (an old page): refused like any value not on the list.
    const refused = await submitForm(
      agent,
      '/contacts/new',
      '/contacts/new',
      contactFields({ email_types: ['affiliate'] }),
    );
    expect(refused.status).toBe(422);
  });

  it('ignores a stored «affiliate», and drops it at the next save', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const agent = await signIn(t.app, owner.email);
    const contact = await createContactRow(t.db, accountId, {
      firstName: 'Viejo',
      lastName: 'Afiliado',
      emailTypes: ['general', 'affiliate'],
    });
    const list = textOf((await agent.get('/contacts')).text);
    expect(list).toContain('Viejo Afiliado');
    expect(list).not.toContain('affiliate');
    expect(textOf((await agent.get(`/contacts/${contact.id}/delete`)).text)).not.toContain('affiliate');
    const edit = await agent.get(`/contacts/${contact.id}/edit`);
    expect(edit.text).toMatch(/value="general" id="email-type-general" checked/);
    const saved = await submitForm(
      agent,
      `/contacts/${contact.id}/edit`,
      `/contacts/${contact.id}/edit`,
      contactFields({ first_name: 'Viejo', last_name: 'Afiliado', email: contact.email, email_types: ['general'] }),
    );
    expect(saved.status).toBe(303);
    expect((await t.db('contacts').where({ id: contact.id }).first()).email_types).toEqual(['general']);
  });
});
