import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, textOf } from '../helpers/agent';
import { createAccount, createContactRow, createMember } from '../helpers/factories';
import { dkimKey, dkimSigned, rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';
import { startInboundListener } from '../../src/inbound-listener';

/**
 * Issue 10 item 5: a forged From is not trusted. Real SMTP listener, real mailauth, DNS answered by
 * a stub with the records a real domain would publish; messages signed with a generated DKIM key.
 */

const SUPPORT = 'ayuda@cuentas.example';
const TOKEN = 'a-long-inbound-token-for-the-tests-0123456789';
const MX = 'mx.cuentas.test';
const abcKey = dkimKey('abc.example');
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({
    env: { INBOUND_MAIL_TOKEN: TOKEN, INBOUND_AUTHSERV_ID: MX },
    dnsResolver: testDns({
      // abc.example sends from its own server only, signs with DKIM and asks receivers to reject the rest.
      'abc.example': ['v=spf1 ip4:192.0.2.25 -all'],
      '_dmarc.abc.example': ['v=DMARC1; p=reject; adkim=r; aspf=r'],
      ...abcKey.dns,
      // sin-dmarc.test publishes SPF only; nada.test publishes nothing at all.
      '_dmarc.sin-dmarc.test': null,
      'nada.test': null,
      '_dmarc.nada.test': null,
    }),
  });
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function abc() {
  const accountId = await createAccount(t.db, { name: 'ABC Company' });
  const owner = await createMember(t.db, {
    role: 'owner',
    accountId,
    email: `propietario.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@abc.example`,
  });
  return { accountId, owner };
}

let sequence = 0;
async function deliver(from: string, options: { sign?: boolean; headers?: string[]; subject?: string } = {}) {
  sequence += 1;
  const messageId = `<auth-${Date.now()}-${sequence}@mail.test>`;
  let raw = rawMessage({
    from,
    to: SUPPORT,
    subject: options.subject ?? `Cambien el titular ${sequence}`,
    text: 'Soy el dueño.',
    messageId,
    headers: options.headers,
  });
  if (options.sign) raw = await dkimSigned(raw, abcKey);
  expect(await deliverRaw(smtp.port, { from, to: SUPPORT }, raw)).toMatch(/^250/);
  return t.db('inbound_messages').where({ message_id: messageId }).first();
}

async function staffAgent() {
  const platform = await createAccount(t.db, { kind: 'platform' });
  return signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
}

describe('SPF, DKIM and DMARC on the SMTP listener', () => {
  it("holds the owner's address sent from anywhere (SPF fails, no DKIM) as «Remitente no verificado»", async () => {
    const { owner } = await abc();
    const held = await deliver(owner.email);
    expect(held).toMatchObject({ status: 'held', hold_reason: 'sender_not_verified', sender_verified: false });
    expect(held.authentication).toContain('spf=fail');
    expect(held.authentication).toContain('dmarc=fail');
    expect(await t.db('tickets').where({ requester_email: owner.email }).first()).toBeUndefined();

    const agent = await staffAgent();
    expect(textOf((await agent.get('/staff')).text)).toContain('Remitente no verificado');
    const page = textOf((await agent.get(`/staff/requests/${held.id}`)).text);
    expect(page).toContain('Remitente no verificado');
    expect(page).toContain('spf=fail');
  });

  it('lets the helpdesk file it once confirmed with the person, by the same ticket rules', async () => {
    const { owner, accountId } = await abc();
    const held = await deliver(owner.email);
    const agent = await staffAgent();
    const page = await agent.get(`/staff/requests/${held.id}`);
    expect(textOf(page.text)).toContain('¿Lo confirmaste con la persona?');
    const filed = await agent
      .post(`/staff/requests/${held.id}/file`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(filed.status).toBe(303);
    const ticket = await t.db('tickets').where({ account_id: accountId, requester_email: owner.email }).first();
    expect(filed.headers.location).toBe(`/staff/tickets/${ticket.number}`);
    expect((await t.db('inbound_messages').where({ id: held.id }).first()).status).toBe('filed');

    // Held for another reason (an unknown sender), it is not filed from here.
    const stranger = await deliver(`nadie.${Date.now()}@fuera.test`);
    const again = await agent.get(`/staff/requests/${stranger.id}`);
    expect(textOf(again.text)).not.toContain('¿Lo confirmaste con la persona?');
    await agent
      .post(`/staff/requests/${stranger.id}/file`)
      .type('form')
      .send({ _csrf: csrfFrom(again.text) });
    expect((await t.db('inbound_messages').where({ id: stranger.id }).first()).status).toBe('held');
  });

  it("files the owner's mail signed with the domain's DKIM key, though it comes from elsewhere", async () => {
    const { owner } = await abc();
    const filed = await deliver(owner.email, { sign: true });
    expect([filed.status, filed.authentication]).toEqual(['filed', expect.stringContaining('dkim=pass')]);
    expect(await t.db('tickets').where({ requester_email: owner.email }).first()).toBeDefined();
  });

  it('aligns SPF without a DMARC record, and holds a domain that vouches for nothing', async () => {
    const accountId = await createAccount(t.db);
    const spfOnly = await createContactRow(t.db, accountId, { email: `ana.${Date.now()}@sin-dmarc.test` });
    const nothing = await createContactRow(t.db, accountId, { email: `luis.${Date.now()}@nada.test` });
    expect(await deliver(spfOnly.email)).toMatchObject({ status: 'filed', sender_verified: true });
    expect(await deliver(nothing.email)).toMatchObject({ status: 'held', hold_reason: 'sender_not_verified' });
  });

  it('ignores an Authentication-Results the sender wrote under another authserv-id, and checks the mail itself', async () => {
    const { owner } = await abc();
    const forged = await deliver(owner.email, {
      headers: ['Authentication-Results: fuera.test; spf=pass; dkim=pass header.d=abc.example; dmarc=pass'],
    });
    expect(forged).toMatchObject({ status: 'held', hold_reason: 'sender_not_verified' });
    expect(forged.authentication).toContain('spf=fail');
  });

  it("believes the configured MX's verdict for mail it relays, pass or fail", async () => {
    const { owner } = await abc();
    const pass = `Authentication-Results: ${MX}; spf=pass smtp.mailfrom=abc.example; dkim=pass header.d=abc.example; dmarc=pass header.from=abc.example`;
    const fail = `Authentication-Results: ${MX}; spf=fail smtp.mailfrom=abc.example; dkim=none; dmarc=fail header.from=abc.example`;
    expect(await deliver(owner.email, { headers: [pass] })).toMatchObject({ status: 'filed', sender_verified: true });
    expect(await deliver(owner.email, { headers: [fail] })).toMatchObject({
      status: 'held',
      hold_reason: 'sender_not_verified',
    });
  });
});

describe("the app's own listener (npm start / npm run inbound)", () => {
  it("checks SPF against the connecting client's address", async () => {
    const { owner } = await abc();
    const listener = await startInboundListener(t.deps);
    try {
      const send = async (raw: string) => deliverRaw(listener.port, { from: owner.email, to: SUPPORT }, raw);
      const spoofed = rawMessage({ from: owner.email, to: SUPPORT, subject: 'Suplantado', text: 'x' });
      const genuine = rawMessage({ from: owner.email, to: SUPPORT, subject: 'Auténtico', text: 'x' });
      expect(await send(spoofed)).toMatch(/^250/);
      expect(await send(await dkimSigned(genuine, abcKey))).toMatch(/^250/);
      const rows = await t.db('inbound_messages').where({ from_email: owner.email }).orderBy('id');
      expect(rows.map((r: { subject: string; status: string }) => [r.subject, r.status])).toEqual([
        ['Suplantado', 'held'],
        ['Auténtico', 'filed'],
      ]);
      expect(rows[0].authentication).toContain('spf=fail');
    } finally {
      await listener.close();
    }
  });
});

describe('POST /inbound/mail (a gateway in front)', () => {
  const post = (raw: string) =>
    request(t.app)
      .post('/inbound/mail')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);

  it("trusts the gateway's Authentication-Results only under INBOUND_AUTHSERV_ID, else checks DKIM itself", async () => {
    const { owner } = await abc();
    const mail = (headers: string[] = []) =>
      rawMessage({ from: owner.email, to: SUPPORT, subject: 'Por HTTP', text: 'Hola', headers });
    const trusted = await post(mail([`Authentication-Results: ${MX}; dmarc=pass header.from=abc.example`]));
    expect(trusted.body).toMatchObject({ outcome: 'ticket_created' });
    const forged = await post(mail(['Authentication-Results: gateway.fuera.test; dmarc=pass header.from=abc.example']));
    expect(forged.body).toMatchObject({ outcome: 'held', reason: 'sender_not_verified' });
    const signed = await post(await dkimSigned(mail(), abcKey));
    expect(signed.body).toMatchObject({ outcome: 'ticket_created' });
  });
});

describe('reply references (issue 10 item 5, tags)', () => {
  it('gives ticket e-mails a long reference that threads a reply, and holds a reply that only guesses the number', async () => {
    const accountId = await createAccount(t.db);
    const ana = await createContactRow(t.db, accountId, { email: `ana.${Date.now()}@example.test` });
    const colleague = await createContactRow(t.db, accountId, { email: `pepe.${Date.now()}@example.test` });
    await deliver(ana.email, { subject: 'Sin tono' });
    const ticket = await t.db('tickets').where({ requester_email: ana.email }).first();
    const mail = await t.db('mail_outbox').where({ ticket_id: ticket.id }).first();
    expect(mail.subject).toContain(`[#${ticket.number}]`);
    const reference = new RegExp(`\\[#${ticket.number}-([0-9a-f]{24})\\]`).exec(mail.text_body);
    expect(reference).not.toBeNull();

    // The requester answers from another client that keeps only the reference.
    const reply = await deliver(ana.email, { subject: `Re: Sin tono ${reference![0]}` });
    expect(reply).toMatchObject({ status: 'filed', ticket_id: ticket.id });
    // A colleague of the same account who is not on the ticket, and a stranger, only have the number.
    for (const from of [colleague.email, `extrano.${Date.now()}@fuera.test`]) {
      expect(await deliver(from, { subject: `Re: [#${ticket.number}] Sin tono` })).toMatchObject({
        status: 'held',
        hold_reason: 'not_authorized_for_ticket',
      });
    }
    // The wrong key for a real number threads nothing.
    const wrong = await deliver(ana.email, { subject: `Re: [#${ticket.number}-${'0'.repeat(24)}]` });
    expect(wrong.ticket_id).not.toBe(ticket.id);
  });
});
