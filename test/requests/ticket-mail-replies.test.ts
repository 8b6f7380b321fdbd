import { simpleParser, type AddressObject } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, createSupportContactRow } from '../helpers/factories';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/**
 * Issue 12, item 1: a ticket e-mail must be answerable. The message the outbox really delivers is
 * read back, and answered through the app's real inbound SMTP listener to exactly the address it
 * offers for replies; the answer must show on the ticket.
 */
let t: TestApp;
let sink: SmtpSink;
let inbound: InboundSmtp;
let client: Transporter;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ smtpUrl: sink.url });
  inbound = await startTestInbound(t, { maxBytes: 100_000 });
  client = nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  client.close();
  await inbound.close();
  await t.close();
  await sink.close();
});

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address));

/** The outbox's messages about a ticket, delivered through SMTP, as a mail client would read them. */
async function delivered(ticketId: number) {
  await t.deps.mailer.deliverDue();
  const rows: { message_id: string; reply_to: string | null; to_addresses: string[] }[] = await t
    .db('mail_outbox')
    .where({ ticket_id: ticketId })
    .orderBy('id');
  return Promise.all(
    rows.map(async (row) => {
      const received = sink.received.find((m) => m.raw.includes(row.message_id));
      if (!received) throw new Error(`${row.message_id} was not delivered`);
      return { row, mail: await simpleParser(received.raw) };
    }),
  );
}

async function openTicket() {
  const accountId = await createAccount(t.db, { name: 'Respuestas SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
  await createSupportContactRow(t.db, accountId, { email: 'ti@respuestas.test' });
  const agent = await signIn(t.app, member.email);
  const opened = await submitForm(agent, '/tickets/new', '/tickets/new', {
    department: 'support',
    priority: 'high',
    subject: 'La troncal no marca',
    message: 'Desde hoy no hay tono.',
    problem_report: '1',
  });
  expect(opened.status).toBe(303);
  const number = /\/tickets\/(\d{6})$/.exec(opened.headers.location)![1];
  const ticket = await t.db('tickets').where({ number }).first();
  return { owner, member, agent, number, ticketId: ticket.id as number };
}

it('offers the support address for replies on every ticket e-mail, with the ticket tag', async () => {
  const { number, ticketId } = await openTicket();
  const messages = await delivered(ticketId);
  expect(messages.map((m) => m.row.to_addresses)).toEqual([[expect.any(String)], ['ti@respuestas.test']]);
  for (const { row, mail } of messages) {
    expect(row.reply_to).toBe(t.config.supportEmail);
    expect(addresses(mail.replyTo)).toEqual([t.config.supportEmail]);
    expect(mail.subject).toContain(`[#${number}]`);
  }
});

it('threads an answer sent over SMTP to exactly the Reply-To the e-mail offers', async () => {
  const { member, agent, number, ticketId } = await openTicket();
  const [{ mail }] = await delivered(ticketId);
  const from = addresses(mail.from)[0];
  const replyTo = addresses(mail.replyTo)[0];

  // The From address is not a mailbox: answering it is what bounced before.
  await expect(
    client.sendMail({ from: member.email, to: from, subject: `Re: ${mail.subject}`, text: 'Hola' }),
  ).rejects.toMatchObject({ responseCode: 550 });

  await client.sendMail({
    from: member.email,
    to: replyTo,
    subject: `Re: ${mail.subject}`,
    inReplyTo: mail.messageId,
    references: mail.messageId,
    text: 'Ya volvió el tono, gracias.',
  });
  const page = textOf((await agent.get(`/tickets/${number}`)).text);
  expect(page).toContain('Ya volvió el tono, gracias.');
  expect(await t.db('ticket_messages').where({ ticket_id: ticketId, source: 'email' })).toHaveLength(1);

  // A mail client that keeps only the subject still lands on the ticket, by its tag.
  await client.sendMail({
    from: member.email,
    to: replyTo,
    subject: `RE: ${mail.subject}`,
    text: 'Y otra cosa más.',
  });
  expect(textOf((await agent.get(`/tickets/${number}`)).text)).toContain('Y otra cosa más.');
});
