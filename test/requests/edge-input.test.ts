import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm } from '../helpers/agent';
import { createAccount, createContactRow, createMember, createTicketRow } from '../helpers/factories';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/** Issue 10 items 7 and 8: NUL bytes at the edges, and a held request from an address nobody can mail. */

const SUPPORT = 'ayuda@cuentas.example';
let t: TestApp;
let smtp: InboundSmtp;
beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function staffAgent() {
  const platform = await createAccount(t.db, { kind: 'platform' });
  return signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
}

describe('NUL bytes in forms and links (item 7)', () => {
  it('never answer 500: each form refuses them (422) or takes the text without them', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const ticket = await createTicketRow(t.db, { accountId, requesterEmail: owner.email, openedByUserId: owner.id });
    const nul = '\u0000';

    const anonymous = newAgent(t.app);
    const login = await submitForm(anonymous, '/login', '/login', { email: `a${nul}@b.test`, password: `x${nul}` });
    expect(login.status).toBe(401); // as for any wrong password
    const forgot = await submitForm(anonymous, '/password/forgot', '/password/forgot/email', {
      email: `a${nul}@b.test`,
    });
    expect(forgot.status).toBeLessThan(500);

    const agent = await signIn(t.app, owner.email);
    const opened = await submitForm(agent, '/tickets/new', '/tickets/new', {
      department: 'support',
      priority: 'medium',
      subject: 'Con NUL',
      message: `antes${nul}después`,
    });
    expect(opened.status).toBe(303);
    const created = await t.db('tickets').where({ account_id: accountId, subject: 'Con NUL' }).first();
    expect((await t.db('ticket_messages').where({ ticket_id: created.id }).first()).body).toBe('antesdespués');
    const reply = await submitForm(agent, `/tickets/${ticket.number}`, `/tickets/${ticket.number}/reply`, {
      message: `${nul}${nul}`,
    });
    expect(reply.status).toBe(422);
    const profile = await submitForm(agent, '/profile', '/profile', {
      first_name: `Ol${nul}ga`,
      last_name: 'Ruiz',
      department: '',
      employee_number: '',
    });
    expect(profile.status).toBeLessThan(500);

    const staff = await staffAgent();
    for (const path of ['/staff?account=%00', '/staff/accounts?q=a%00b', '/tickets?after=%00', '/login?next=%00']) {
      const page = await (path.startsWith('/staff') ? staff : path === '/login?next=%00' ? newAgent(t.app) : agent).get(
        path,
      );
      expect([path, page.status < 500]).toEqual([path, true]);
    }
  });
});

describe('NUL bytes in inbound mail (item 7)', () => {
  it('files the mail through the SMTP listener, without the NULs (no 451 forever)', async () => {
    const accountId = await createAccount(t.db);
    const contact = await createContactRow(t.db, accountId);
    const messageId = `<nul-${Date.now()}@mail.test>`;
    const raw = [
      `From: ${contact.email}`,
      `To: ${SUPPORT}`,
      'Subject: =?utf-8?Q?Factura=00_duplicada?=',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Me cobraron dos veces=00 este mes.',
      '',
    ].join('\r\n');
    expect(await deliverRaw(smtp.port, { from: contact.email, to: SUPPORT }, raw)).toMatch(/^250/);
    const filed = await t.db('inbound_messages').where({ message_id: messageId }).first();
    expect(filed.status).toBe('filed');
    const ticket = await t.db('tickets').where({ id: filed.ticket_id }).first();
    expect(ticket.subject).toBe('Factura duplicada');
    expect((await t.db('ticket_messages').where({ ticket_id: ticket.id }).first()).body).toBe(
      'Me cobraron dos veces este mes.',
    );
  });
});

describe('rejecting a held request (item 8)', () => {
  it('works for a sender no mail can reach, and the request is no longer held', async () => {
    const messageId = `<raro-${Date.now()}@localhost>`;
    const raw = [
      'From: weird@localhost',
      `To: ${SUPPORT}`,
      'Subject: Denme acceso',
      `Message-ID: ${messageId}`,
      '',
      'Hola.',
      '',
    ].join('\r\n');
    expect(await deliverRaw(smtp.port, { from: 'weird@localhost', to: SUPPORT }, raw)).toMatch(/^250/);
    const held = await t.db('inbound_messages').where({ message_id: messageId }).first();
    expect(held.status).toBe('held');

    const staff = await staffAgent();
    const page = await staff.get(`/staff/requests/${held.id}`);
    const rejected = await staff
      .post(`/staff/requests/${held.id}/reject`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), note: 'Sin forma de responder' });
    expect(rejected.status).toBe(303);
    expect((await t.db('inbound_messages').where({ id: held.id }).first()).status).toBe('rejected');
    expect(await t.db('mail_outbox').whereRaw("'weird@localhost' = ANY(to_addresses)").first()).toBeUndefined();
  });
});
