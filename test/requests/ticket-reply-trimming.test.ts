import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createContactRow, createMember } from '../helpers/factories';
import { fileInboundMail } from '../../src/services/inbound-filing';
import type { InboundMail } from '../../src/mail/inbound-parse';
import { REPLY_MARKER } from '../../src/mail/reply-text';

/**
 * Issue 23, item 1: an e-mailed reply is stored whole and shown without its quoted history; «Ver
 * mensaje original» shows it all; the next notification quotes only the new message; the message
 * is labelled with the sender's contact name.
 */
let t: TestApp;
let staff: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  const agent = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Sofía' });
  staff = await signIn(t.app, agent.email);
});
afterAll(() => t.close());

let n = 0;
const mail = (from: string, subject: string, text: string, fromName = ''): InboundMail => ({
  messageId: `<trim-${Date.now()}-${++n}@mail.example>`,
  fromAddress: from,
  fromName,
  subject,
  text,
  inReplyTo: '',
  references: [],
  automatic: false,
  bounce: false,
});

async function ticketWithStaffReply() {
  const accountId = await createAccount(t.db, { name: `Recortes ${++n}` });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const contact = await createContactRow(t.db, accountId, { firstName: 'Ana', lastName: 'López' });
  const opened = await fileInboundMail(t.deps, mail(contact.email, 'La troncal no marca', 'Sin tono desde hoy.'));
  if (opened.outcome !== 'ticket_created') throw new Error(opened.outcome);
  const number = opened.ticketNumber;
  const reply = await submitForm(staff, `/staff/tickets/${number}`, `/staff/tickets/${number}/reply`, {
    message: '¿Puedes probar a reiniciar el equipo?',
  });
  expect(reply.status).toBe(303);
  const ticket = await t.db('tickets').where({ number }).first();
  return { accountId, owner, contact, number, ticketId: ticket.id as number };
}

it('puts the bilingual marker at the top of every ticket notification', async () => {
  const { ticketId, contact } = await ticketWithStaffReply();
  const sent = await t.db('mail_outbox').where({ ticket_id: ticketId }).orderBy('id');
  expect(sent.length).toBeGreaterThan(1);
  for (const row of sent) expect((row.text_body as string).split('\n')[0]).toBe(REPLY_MARKER);
  const reply = sent.find((r) => r.template === 'ticket_reply' && (r.to_addresses as string[]).includes(contact.email));
  expect(reply.text_body).toContain('¿Puedes probar a reiniciar el equipo?');
});

it('stores the whole reply, shows the new text with the original behind «Ver mensaje original»', async () => {
  const { number, ticketId, contact, owner } = await ticketWithStaffReply();
  const whole = [
    'Gracias, ya entran llamadas.',
    '',
    'Enviado desde mi iPhone',
    '',
    `> El 7 dic 2026, a las 10:15, Mesa de ayuda de Cuentas <${t.config.supportEmail}> escribió:`,
    '>',
    `> ${REPLY_MARKER}`,
    '>',
    '> ¿Puedes probar a reiniciar el equipo?',
  ].join('\n');
  const filed = await fileInboundMail(t.deps, mail(contact.email, `Re: [#${number}] La troncal no marca`, whole));
  expect(filed).toEqual({ outcome: 'reply_added', ticketNumber: number });

  const stored = await t.db('ticket_messages').where({ ticket_id: ticketId }).orderBy('id', 'desc').first();
  expect(stored.body).toBe(whole);

  const page = await staff.get(`/staff/tickets/${number}`);
  const last = page.text.slice(page.text.lastIndexOf('class="message '));
  expect(last).toContain('Gracias, ya entran llamadas.');
  expect(last).toMatch(/<details[^>]*>\s*<summary>Ver mensaje original<\/summary>/);
  expect(textOf(last)).toContain('Enviado desde mi iPhone');
  // Labelled with the contact's name, not the bare address.
  expect(textOf(last)).toContain('Ana López');

  // The owner, copied on the update, reads only the new message.
  const notice = await t.db('mail_outbox').where({ ticket_id: ticketId }).orderBy('id', 'desc').first();
  expect(notice.to_addresses).toContain(owner.email);
  expect(notice.text_body).toContain('Gracias, ya entran llamadas.');
  expect(notice.text_body).not.toContain('Enviado desde mi iPhone');
  expect(notice.text_body).not.toContain('¿Puedes probar a reiniciar el equipo?');
});

it('shows a message with nothing quoted as it came, without «Ver mensaje original»', async () => {
  const { number, contact } = await ticketWithStaffReply();
  await fileInboundMail(t.deps, mail(contact.email, `[#${number}]`, 'Sigue igual.', 'A. López (móvil)'));
  const staffPage = await staff.get(`/staff/tickets/${number}`);
  const last = staffPage.text.slice(staffPage.text.lastIndexOf('class="message '));
  expect(textOf(last)).toContain('Sigue igual.');
  expect(textOf(last)).toContain('Ana López');
  expect(last).not.toContain('<details');
});

it('shows the customer the trimmed reply too, with the original', async () => {
  const { number, accountId, contact } = await ticketWithStaffReply();
  const owner = await t
    .db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': accountId, 'm.role': 'owner' })
    .first('u.email');
  await fileInboundMail(
    t.deps,
    mail(
      contact.email,
      `[#${number}]`,
      `Listo.\n\nOn Mon, Dec 7, 2026 at 10:15 AM Helpdesk <${t.config.supportEmail}> wrote:\n\n> Texto viejo`,
    ),
  );
  const customer = await signIn(t.app, owner.email);
  const page = await customer.get(`/tickets/${number}`);
  expect(page.status).toBe(200);
  const last = page.text.slice(page.text.lastIndexOf('class="message '));
  expect(last).toMatch(/<summary>Ver mensaje original<\/summary>/);
  expect(textOf(last.slice(0, last.indexOf('<details')))).toContain('Listo.');
  expect(textOf(last.slice(0, last.indexOf('<details')))).not.toContain('Texto viejo');
});
