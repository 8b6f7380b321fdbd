/* What each e-mail category of a contact drives (issue 21, seed 001 row 7): Soporte, Generales. */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm } from '../helpers/agent';
import { createAccount, createContactRow, createMember, createUser } from '../helpers/factories';
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
