import nodemailer, { type Transporter } from 'nodemailer';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createContactRow, createMember } from '../helpers/factories';
import { parseInboundMail } from '../../src/mail/inbound-parse';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';
import { fileInboundMail } from '../../src/services/inbound-filing';

const SUPPORT = 'ayuda@cuentas.example';
const TOKEN = 'a-long-inbound-token-for-the-tests-0123456789';
let t: TestApp;
let smtp: InboundSmtp;
let client: Transporter;

beforeAll(async () => {
  t = await buildTestApp({ env: { INBOUND_MAIL_TOKEN: TOKEN, INBOUND_AUTHSERV_ID: 'mx.cuentas.test' } });
  smtp = await startTestInbound(t, {
    maxBytes: 20_000,
    file: async (raw) => fileInboundMail(t.deps, await parseInboundMail(raw)),
  });
  client = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  client.close();
  await smtp.close();
  await t.close();
});

let sequence = 0;
function send(mail: {
  from: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
}) {
  sequence += 1;
  return client.sendMail({ to: SUPPORT, messageId: `<test-${Date.now()}-${sequence}@mail.example>`, ...mail });
}

const inbound = (from: string) => t.db('inbound_messages').where({ from_email: from }).orderBy('id', 'desc').first();

async function customer() {
  const accountId = await createAccount(t.db, { name: 'Correo SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const sub = await createMember(t.db, { role: 'member', permissions: ['services', 'tickets'], accountId });
  const contact = await createContactRow(t.db, accountId, { firstName: 'Ana', lastName: 'Autorizada' });
  return { accountId, owner, sub, contactEmail: contact.email };
}

describe('new tickets by e-mail', () => {
  it('opens a ticket for an authorized contact, e-mailing them with the owner in CC', async () => {
    const c = await customer();
    await send({
      from: `Ana Autorizada <${c.contactEmail}>`,
      subject: 'No funciona el conmutador',
      text: 'Desde ayer no entran llamadas.',
    });
    const ticket = await t.db('tickets').where({ requester_email: c.contactEmail }).first();
    expect(ticket).toMatchObject({ account_id: c.accountId, subject: 'No funciona el conmutador', source: 'email' });
    const mail = await t.db('mail_outbox').where({ ticket_id: ticket.id }).first();
    expect(mail.to_addresses).toEqual([c.contactEmail]);
    expect(mail.cc_addresses).toEqual([c.owner.email]);
    expect((await inbound(c.contactEmail)).status).toBe('filed');
  });

  it("files a sub-user's mail under their account", async () => {
    const c = await customer();
    await send({ from: c.sub.email, subject: 'Duda de factura', text: '¿Por qué subió?' });
    expect((await t.db('tickets').where({ requester_email: c.sub.email }).first()).account_id).toBe(c.accountId);
  });

  it('files a mail with no subject or text with placeholders in the sender’s language', async () => {
    const c = await customer();
    await t.db('users').where({ id: c.sub.id }).update({ locale: 'en' });
    await send({ from: c.sub.email, subject: '', text: '' });
    await send({ from: c.contactEmail, subject: '', text: '' });
    const firstMessage = (ticketId: number) =>
      t.db('ticket_messages').where({ ticket_id: ticketId }).orderBy('id').first('body');
    const english = await t.db('tickets').where({ requester_email: c.sub.email }).first();
    expect(english.subject).toBe('(no subject)');
    expect((await firstMessage(english.id)).body).toBe('—');
    const spanish = await t.db('tickets').where({ requester_email: c.contactEmail }).first();
    expect(spanish.subject).toBe('(sin asunto)');
    expect((await firstMessage(spanish.id)).body).toBe('—');
  });

  it('reduces HTML mail to text', async () => {
    const c = await customer();
    await client.sendMail({
      to: SUPPORT,
      from: c.contactEmail,
      subject: 'HTML',
      html: '<p>Hola <b>equipo</b></p><script>alert(1)</script>',
    });
    const ticket = await t.db('tickets').where({ requester_email: c.contactEmail, subject: 'HTML' }).first();
    const message = await t.db('ticket_messages').where({ ticket_id: ticket.id }).first();
    expect(message.body).toContain('Hola equipo');
    expect(message.body).not.toContain('<b>');
  });

  it('holds mail from an unknown or unverified sender, never dropping or trusting it', async () => {
    const c = await customer();
    await send({ from: 'desconocido@fuera.test', subject: 'Cambien mi contraseña', text: 'Soy el dueño, créanme.' });
    expect(await inbound('desconocido@fuera.test')).toMatchObject({ status: 'held', hold_reason: 'unknown_sender' });
    await createContactRow(t.db, c.accountId, {
      firstName: 'Luis',
      lastName: 'Nuevo',
      email: 'luis@correo.test',
      status: 'unverified',
    });
    await send({ from: 'luis@correo.test', subject: 'Alta de línea', text: 'Necesito una línea.' });
    expect(await inbound('luis@correo.test')).toMatchObject({
      status: 'held',
      hold_reason: 'unverified_sender',
      account_id: c.accountId,
    });
    expect(
      await t.db('tickets').whereIn('requester_email', ['desconocido@fuera.test', 'luis@correo.test']).first(),
    ).toBeUndefined();
  });
});

describe('replies by e-mail', () => {
  async function ticketFor(c: Awaited<ReturnType<typeof customer>>) {
    await send({ from: c.contactEmail, subject: 'Ticket base', text: 'Primer mensaje' });
    const ticket = await t.db('tickets').where({ requester_email: c.contactEmail }).orderBy('id', 'desc').first();
    const outgoing = await t.db('mail_outbox').where({ ticket_id: ticket.id }).first();
    return { ticket, outgoing };
  }

  it("threads a reply by In-Reply-To to the app's own Message-ID", async () => {
    const c = await customer();
    const { ticket, outgoing } = await ticketFor(c);
    await send({
      from: c.contactEmail,
      subject: 'Re: algo distinto',
      text: 'Sigue igual.',
      inReplyTo: outgoing.message_id,
      references: outgoing.message_id,
    });
    const messages = await t.db('ticket_messages').where({ ticket_id: ticket.id }).orderBy('id');
    expect(messages.map((m: { body: string }) => m.body)).toEqual(['Primer mensaje', 'Sigue igual.']);
    expect((await t.db('tickets').where({ id: ticket.id }).first()).status).toBe('customer_reply');
  });

  it('threads by the [#NNNNNN] tag, accepting the owner but holding a stranger', async () => {
    const c = await customer();
    const { ticket } = await ticketFor(c);
    await send({
      from: c.owner.email,
      subject: `Re: [#${ticket.number}] Ticket base`,
      text: 'Confirmo lo que dice Ana.',
    });
    await send({
      from: 'extrano@fuera.test',
      subject: `Re: [#${ticket.number}] Ticket base`,
      text: 'Cierren el ticket.',
    });
    const bodies = (await t.db('ticket_messages').where({ ticket_id: ticket.id })).map((m: { body: string }) => m.body);
    expect(bodies).toContain('Confirmo lo que dice Ana.');
    expect(bodies).not.toContain('Cierren el ticket.');
    expect(await inbound('extrano@fuera.test')).toMatchObject({
      status: 'held',
      hold_reason: 'not_authorized_for_ticket',
      ticket_id: ticket.id,
    });
  });

  it('threads by a seven-digit tag too, once six-digit numbers have run short', async () => {
    const c = await customer();
    const { ticket } = await ticketFor(c);
    const number = String(1_000_000 + ticket.id);
    await t.db('tickets').where({ id: ticket.id }).update({ number });
    await send({ from: c.owner.email, subject: `Re: [#${number}] Ticket base`, text: 'Con número largo.' });
    const bodies = (await t.db('ticket_messages').where({ ticket_id: ticket.id })).map((m: { body: string }) => m.body);
    expect(bodies).toContain('Con número largo.');
  });

  it('ignores auto-replies and bounces, and files a message delivered twice once', async () => {
    const c = await customer();
    const { ticket } = await ticketFor(c);
    await send({
      from: c.contactEmail,
      subject: `Respuesta automática: [#${ticket.number}]`,
      text: 'Estoy de vacaciones.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({
      from: 'MAILER-DAEMON@correo.test',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'Delivery failed',
    });
    expect(await t.db('ticket_messages').where({ ticket_id: ticket.id }).count('* as n').first()).toEqual({ n: 1 });
    expect((await inbound(c.contactEmail)).status).toBe('ignored');

    const messageId = `<twice-${Date.now()}@mail.example>`;
    await send({ from: c.contactEmail, subject: `Re: [#${ticket.number}]`, text: 'Una sola vez', messageId });
    await send({ from: c.contactEmail, subject: `Re: [#${ticket.number}]`, text: 'Una sola vez', messageId });
    expect(
      await t.db('ticket_messages').where({ ticket_id: ticket.id, body: 'Una sola vez' }).count('* as n').first(),
    ).toEqual({ n: 1 });
    expect(await t.db('inbound_messages').where({ message_id: messageId }).count('* as n').first()).toEqual({ n: 1 });
  });
});

describe('the SMTP listener', () => {
  it('refuses oversized messages with 552 and other recipients with 550', async () => {
    await expect(send({ from: 'a@b.test', subject: 'Grande', text: 'x'.repeat(40_000) })).rejects.toMatchObject({
      responseCode: 552,
    });
    await expect(
      client.sendMail({ from: 'a@b.test', to: 'otro@cuentas.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });
});

describe('POST /inbound/mail', () => {
  // The gateway has checked the sender and says so under the configured authserv-id.
  const raw = (from: string) =>
    `Authentication-Results: mx.cuentas.test; dmarc=pass header.from=${from.split('@')[1]}\r\nFrom: ${from}\r\nTo: ${SUPPORT}\r\nSubject: Por HTTP\r\nMessage-ID: <http-${Date.now()}-${Math.random()}@mail.example>\r\n\r\nCuerpo por HTTP\r\n`;

  it('files a raw message with the bearer token, and refuses without it', async () => {
    const c = await customer();
    expect(
      (await request(t.app).post('/inbound/mail').set('Content-Type', 'message/rfc822').send(raw(c.contactEmail)))
        .status,
    ).toBe(401);
    expect(
      (
        await request(t.app)
          .post('/inbound/mail')
          .set('Authorization', 'Bearer wrong-token')
          .set('Content-Type', 'message/rfc822')
          .send(raw(c.contactEmail))
      ).status,
    ).toBe(401);
    const ok = await request(t.app)
      .post('/inbound/mail')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw(c.contactEmail));
    expect(ok.status).toBe(202);
    expect(ok.body.outcome).toBe('ticket_created');
    expect(await t.db('tickets').where({ requester_email: c.contactEmail, subject: 'Por HTTP' }).first()).toBeDefined();
  });

  it('does not exist without a configured token', async () => {
    const closed = await buildTestApp();
    try {
      expect((await request(closed.app).post('/inbound/mail').set('Authorization', 'Bearer x').send('x')).status).toBe(
        404,
      );
    } finally {
      await closed.close();
    }
  });
});
