/*
 * Each event is emitted by the service every path shares (issue 20): here through the pages, the
 * API and e-mail, with `data` equal to what the API answers for the record.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import request from 'supertest';
import { fileInboundMail } from '../../src/services/inbound-filing';
import { parseInboundMail } from '../../src/mail/inbound-parse';
import { startInboundSmtp, type InboundSmtp } from '../../src/mail/inbound-server';
import { webhookTicketSchema } from '../../src/api/schemas/events';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { csrfFrom, newAgent, signIn, submitForm } from '../helpers/agent';
import {
  createAccountNumber,
  createContactRow,
  createCustomerOf,
  createMember,
  createReseller,
} from '../helpers/factories';
import { linkInMail } from '../helpers/mail';
import { createSubscription, deliveriesOf, eventsOf } from '../helpers/webhooks';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';

const SUPPORT = 'ayuda@cuentas.example';
let t: TestApp;
let smtp: InboundSmtp;
let client: Transporter;
let doc: Awaited<ReturnType<typeof publishedDocument>>;

beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
  smtp = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    maxBytes: 20_000,
    supportAddress: SUPPORT,
    file: async (raw) => fileInboundMail(t.deps, await parseInboundMail(raw)),
  });
  client = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  client.close();
  await smtp.close();
  await t.close();
});

/** A reseller subscribed to every event of its customers, one customer with an owner, and an API client. */
async function setUp() {
  const r = await createReseller(t.db, { name: `Acme ${Math.random()}` });
  const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, {
    events: [...WEBHOOK_EVENT_TYPES],
    includeDescendants: true,
  });
  const customer = await createCustomerOf(t.db, r.resellerId, { name: 'Cliente' });
  const owner = await createMember(t.db, { role: 'owner', accountId: customer });
  const { token } = await createApiToken(t.db, r.resellerId, { createdBy: r.partner.id });
  const api = apiClient(t.app, doc, token);
  const types = async () => (await deliveriesOf(t.db, sub.id)).map((d) => d.type);
  return { r, sub, customer, owner, api, types };
}

describe('events from the API', () => {
  it('account.updated/suspended/reactivated/closed, ledger.entry_created, invoice.created/status_changed, user.invited', async () => {
    const { customer, api, types } = await setUp();
    await api.post(`/api/v1/accounts/${customer}/suspend`, 200, {});
    await api.post(`/api/v1/accounts/${customer}/reactivate`, 200, {});
    const updated = await api.patch(`/api/v1/accounts/${customer}`, 200, { name: 'Cliente Nuevo' });
    const entry = await api.post(`/api/v1/accounts/${customer}/ledger`, 201, {
      direction: 'add',
      amount: '10.00',
      note: 'Pago',
    });
    await api.put(`/api/v1/accounts/${customer}/account-numbers/100200300`, 201, { label: '' });
    const invoice = {
      account_number: '100200300',
      issued_on: '2026-12-01',
      due_on: '2026-12-15',
      currency: 'MXN',
      status: 'unpaid',
      items: [{ description: 'Troncal SIP', quantity: 1, unit_price: '10.00' }],
      total: '10.00',
    };
    await api.put(`/api/v1/accounts/${customer}/invoices/FAC-1`, 201, invoice);
    const paid = await api.put(`/api/v1/accounts/${customer}/invoices/FAC-1`, 200, { ...invoice, status: 'paid' });
    const invited = await api.post(`/api/v1/accounts/${customer}/users`, 201, {
      first_name: 'Ada',
      last_name: 'Admin',
      email: 'ada@cliente.test',
      role: 'admin',
    });
    await api.post(`/api/v1/accounts/${customer}/close`, 200, {});
    expect(await types()).toEqual([
      'account.suspended',
      'account.reactivated',
      'account.updated',
      'ledger.entry_created',
      'invoice.created',
      'invoice.status_changed',
      'user.invited',
      'account.closed',
    ]);
    const data = async (type: string) => (await eventsOf(t.db, customer, type))[0].data;
    expect(await data('account.updated')).toEqual(updated.body);
    expect(await data('ledger.entry_created')).toEqual(entry.body);
    expect(await data('invoice.status_changed')).toEqual(paid.body);
    expect(await data('user.invited')).toEqual(invited.body);
    expect((await data('account.closed')).status).toBe('closed');
  });
});

describe('events from the pages', () => {
  it('user.invited, user.registered and user.blocked; ticket.created, ticket.replied and ticket.closed', async () => {
    const { customer, owner, types } = await setUp();
    await createAccountNumber(t.db, customer);
    const agent = await signIn(t.app, owner.email);
    expect(
      (
        await submitForm(agent, '/users/new', '/users/new', {
          first_name: 'Rosa',
          last_name: 'Díaz',
          email: 'rosa.webhooks@example.test',
          role: 'member',
          permissions: ['tickets'],
        })
      ).status,
    ).toBe(303);
    const link = await linkInMail(t.db, 'invitation', 'rosa.webhooks@example.test');
    const invitee = newAgent(t.app);
    const form = await invitee.get(link);
    const password = 'mi frase secreta de registro';
    await invitee
      .post(link)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        password,
        password_confirmation: password,
        questions: { 1: 'first_pet', 2: 'first_school', 3: 'street_grew_up' },
        answers: { 1: 'Firulais', 2: 'Escuela', 3: 'Insurgentes' },
      })
      .expect(303);
    const membership = await t
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'u.email': 'rosa.webhooks@example.test' })
      .first('m.id');
    expect((await submitForm(agent, `/users/${membership.id}`, `/users/${membership.id}/block`, {})).status).toBe(303);

    const opened = await submitForm(agent, '/tickets/new', '/tickets/new', {
      department: 'support',
      priority: 'high',
      subject: 'La troncal no marca',
      message: 'Desde hoy no hay tono.',
    });
    expect(opened.status).toBe(303);
    const ticket = await t.db('tickets').where({ account_id: customer }).first('number');
    const page = `/tickets/${ticket.number}`;
    expect((await submitForm(agent, page, `${page}/reply`, { message: 'Sigue igual.' })).status).toBe(303);
    expect((await submitForm(agent, page, `${page}/close`, {})).status).toBe(303);

    expect(await types()).toEqual([
      'user.invited',
      'user.registered',
      'user.blocked',
      'ticket.created',
      'ticket.replied',
      'ticket.closed',
    ]);
    const [blocked] = await eventsOf(t.db, customer, 'user.blocked');
    expect(blocked.data).toMatchObject({ email: 'rosa.webhooks@example.test', role: 'member', status: 'blocked' });
    const [closed] = await eventsOf(t.db, customer, 'ticket.closed');
    expect(webhookTicketSchema.parse(closed.data)).toMatchObject({ number: ticket.number, status: 'closed' });
  });
});

describe('events from e-mail', () => {
  it('ticket.created and ticket.replied when the customer writes to the support address', async () => {
    const { customer, types } = await setUp();
    const contact = await createContactRow(t.db, customer, { firstName: 'Ana', lastName: 'Autorizada' });
    await client.sendMail({
      from: `Ana <${contact.email}>`,
      to: SUPPORT,
      subject: 'No entran llamadas',
      text: 'Desde ayer.',
      messageId: `<hook-${Date.now()}@mail.example>`,
    });
    const ticket = await t.db('tickets').where({ account_id: customer }).first('number', 'id');
    expect(ticket).toBeDefined();
    const outgoing = await t.db('mail_outbox').where({ ticket_id: ticket.id }).first('message_id');
    await client.sendMail({
      from: `Ana <${contact.email}>`,
      to: SUPPORT,
      subject: 'Re: No entran llamadas',
      text: 'Sigue igual.',
      messageId: `<hook-reply-${Date.now()}@mail.example>`,
      inReplyTo: outgoing.message_id,
      references: outgoing.message_id,
    });
    expect(await types()).toEqual(['ticket.created', 'ticket.replied']);
    const [created] = await eventsOf(t.db, customer, 'ticket.created');
    expect(webhookTicketSchema.parse(created.data)).toMatchObject({ source: 'email', subject: 'No entran llamadas' });
    expect((await request(t.app).get('/api/v1/openapi.json')).body.components.schemas.WebhookTicket).toBeDefined();
  });
});
