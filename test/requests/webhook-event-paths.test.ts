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
  accountSettingsBody,
  createAccountNumber,
  createContactRow,
  createCustomerOf,
  createMember,
  createPlatformStaff,
  createReseller,
  createTicketRow,
} from '../helpers/factories';
import { wizardToReview } from '../helpers/wizard';
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
  /** The newest event of the type in the account: its `data`. */
  const last = async (accountId: number, type: string) => (await eventsOf(t.db, accountId, type)).at(-1)?.data;
  /** What the API answers for the account, its newest ledger entry, one of its people. */
  const asApi = {
    account: async (id: number) => (await api.get(`/api/v1/accounts/${id}`, 200)).body as unknown,
    newestEntry: async (id: number) => (await api.get(`/api/v1/accounts/${id}/ledger`, 200)).body.data[0] as unknown,
    user: async (id: number, membershipId: unknown) =>
      ((await api.get(`/api/v1/accounts/${id}/users`, 200)).body.data as { id: number }[]).find(
        (u) => u.id === membershipId,
      ),
  };
  return { r, sub, customer, owner, api, types, last, asApi };
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

describe('events from the API (account.created)', () => {
  it('account.created with user.invited for its admin (the owner) and ledger.entry_created for its initial credit', async () => {
    const { r, api, types, last, asApi } = await setUp();
    const created = await api.post(
      '/api/v1/accounts',
      201,
      {
        name: 'Cliente por API',
        timezone: 'America/Mexico_City',
        locale: 'es',
        admin: {
          first_name: 'Ana',
          last_name: 'Pérez',
          email: 'ana.hooks.api@cliente.test',
          phone: '+52 55 1234 5678',
          mode: 'invite',
        },
        initial_credit: '15.00',
        support_contacts: [{ partner_id: r.partner.id }],
      },
      { 'Idempotency-Key': `hooks-create-${Date.now()}` },
    );
    const id = created.body.id as number;
    expect(await types()).toEqual(['user.invited', 'account.created', 'ledger.entry_created']);
    expect(await last(id, 'account.created')).toEqual(created.body);
    expect(await last(id, 'ledger.entry_created')).toEqual(await asApi.newestEntry(id));
    const invited = await last(id, 'user.invited');
    expect(invited).toEqual(await asApi.user(id, invited?.id));
    expect(invited).toMatchObject({ email: 'ana.hooks.api@cliente.test', role: 'owner' });
    // Made the owner with the contact in place: the owner's phone is on it.
    expect(
      await t.db('contacts').where({ account_id: id, email: 'ana.hooks.api@cliente.test' }).first('phone'),
    ).toEqual({
      phone: '+52 55 1234 5678',
    });
  });
});

describe('events from the Accounts Manager’s pages', () => {
  it('account.created by the wizard (with its initial credit), account.updated, ledger.entry_created, suspended, reactivated, closed', async () => {
    const { r, types, last, asApi } = await setUp();
    const agent = await signIn(t.app, r.partner.email);
    const wizard = await wizardToReview(agent, { name: 'Cliente del asistente', credit: '25.00' });
    expect((await wizard.post('review', {}, 'create')).response.status).toBe(303);
    const { id } = await t.db('accounts').where({ parent_id: r.resellerId, name: 'Cliente del asistente' }).first('id');
    expect(await last(id, 'account.created')).toEqual(await asApi.account(id));
    expect(await last(id, 'ledger.entry_created')).toEqual(await asApi.newestEntry(id));
    expect(await last(id, 'ledger.entry_created')).toMatchObject({ direction: 'add', amount: '25.00' });

    const page = `/manager/accounts/${id}`;
    const edited = await submitForm(
      agent,
      `${page}/edit`,
      `${page}/edit`,
      accountSettingsBody({
        name: 'Cliente Editado',
        inbound_trunks: '0',
        outbound_trunks: '0',
        twoway_trunks: '0',
        sections: ['tickets', 'services'],
      }),
    );
    expect(edited.status).toBe(303);
    expect(await last(id, 'account.updated')).toEqual(await asApi.account(id));
    expect(await last(id, 'account.updated')).toMatchObject({ name: 'Cliente Editado' });

    const credit = await submitForm(agent, `${page}/credit`, `${page}/credit`, {
      direction: 'remove',
      amount: '5',
      note: 'Ajuste',
    });
    expect(credit.status).toBe(303);
    expect(await last(id, 'ledger.entry_created')).toEqual(await asApi.newestEntry(id));
    expect(await last(id, 'ledger.entry_created')).toMatchObject({
      direction: 'remove',
      amount: '5.00',
      note: 'Ajuste',
    });

    expect((await submitForm(agent, `${page}/suspend`, `${page}/suspend`, {})).status).toBe(303);
    expect(await last(id, 'account.suspended')).toEqual(await asApi.account(id));
    expect((await submitForm(agent, page, `${page}/reactivate`, {})).status).toBe(303);
    expect(await last(id, 'account.reactivated')).toEqual(await asApi.account(id));
    expect((await submitForm(agent, `${page}/close`, `${page}/close`, {})).status).toBe(303);
    expect(await last(id, 'account.closed')).toEqual(await asApi.account(id));
    expect(await last(id, 'account.closed')).toMatchObject({ status: 'closed' });

    expect(await types()).toEqual([
      'account.created',
      'ledger.entry_created',
      'account.updated',
      'ledger.entry_created',
      'account.suspended',
      'account.reactivated',
      'account.closed',
    ]);
  });

  it('user.invited when the Accounts Manager invites an account’s first admin, who is its owner in the event as in the API', async () => {
    const { r, types, last, asApi } = await setUp();
    const id = await createCustomerOf(t.db, r.resellerId, { name: 'Sin administrador' });
    const agent = await signIn(t.app, r.partner.email);
    const page = `/manager/accounts/${id}/users/new`;
    const sent = await submitForm(agent, page, page, {
      first_name: 'Patricia',
      last_name: 'Gómez',
      email: 'patricia.hooks@cliente.test',
    });
    expect(sent.status).toBe(303);
    expect(await types()).toEqual(['user.invited']);
    const invited = await last(id, 'user.invited');
    expect(invited).toEqual(await asApi.user(id, invited?.id));
    expect(invited).toMatchObject({ email: 'patricia.hooks@cliente.test', role: 'owner' });
  });
});

describe('events from the helpdesk console', () => {
  it('ticket.created when a held request is filed, ticket.replied for an agent’s reply, ticket.closed for a status and a merge', async () => {
    const { r, customer, types } = await setUp();
    const staff = await signIn(t.app, (await createPlatformStaff(t.db, r.platformId, 'member')).email);
    const number = await createAccountNumber(t.db, customer);
    const sender = `desconocido.${Date.now()}@cliente.test`;
    const held = (await fileInboundMail(t.deps, {
      messageId: `<held-hooks-${Date.now()}@mail.example>`,
      fromAddress: sender,
      fromName: 'Desconocido',
      subject: 'Necesito ayuda',
      text: 'No hay tono.',
      inReplyTo: '',
      references: [],
      automatic: false,
      bounce: false,
    })) as { inboundId: number };
    const request = `/staff/requests/${held.inboundId}`;
    expect((await submitForm(staff, request, `${request}/link`, { account: number })).status).toBe(303);
    const contact = await t.db('contacts').where({ account_id: customer, email: sender }).first('id');
    const validated = await submitForm(staff, request, `/staff/contacts/${contact.id}/validate`, {
      note: 'Por teléfono',
    });
    expect(validated.status).toBe(303);
    const ticket = await t.db('tickets').where({ account_id: customer, requester_email: sender }).first('number');
    expect(ticket).toBeDefined();

    const page = `/staff/tickets/${ticket.number}`;
    expect((await submitForm(staff, page, `${page}/reply`, { message: 'Lo revisamos.' })).status).toBe(303);
    expect((await submitForm(staff, page, `${page}/status`, { status: 'closed' })).status).toBe(303);

    const source = await createTicketRow(t.db, { accountId: customer, requesterEmail: sender, subject: 'Repetido' });
    const target = await createTicketRow(t.db, { accountId: customer, requesterEmail: sender, subject: 'Original' });
    const merge = `/staff/tickets/${source.number}`;
    expect((await submitForm(staff, merge, `${merge}/merge`, { target: `#${target.number}` })).status).toBe(303);

    expect(await types()).toEqual(['ticket.created', 'ticket.replied', 'ticket.closed', 'ticket.closed']);
    const [, merged] = await eventsOf(t.db, customer, 'ticket.closed');
    expect(webhookTicketSchema.parse(merged.data)).toMatchObject({ number: source.number, status: 'closed' });
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
