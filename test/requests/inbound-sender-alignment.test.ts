import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createContactRow, createMember } from '../helpers/factories';
import { rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/**
 * Issue 22 item 2: the sender that is trusted must be the sender that is filed. The MX in front is
 * trusted (INBOUND_AUTHSERV_ID); its verdict counts only for the address being filed, a message
 * with several From addresses or a different Sender is held, and relaxed alignment follows the
 * public suffix list. Delivered to the real SMTP listener; DNS answered by the suite's stub.
 */

const SUPPORT = 'ayuda@cuentas.example';
const MX = 'mx.cuentas.test';
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({
    env: { INBOUND_AUTHSERV_ID: MX },
    // No domain here sends from loopback: only the MX's verdict can vouch.
    dnsResolver: testDns({ 'abc.example': ['v=spf1 -all'], 'abc.co.uk': ['v=spf1 -all'] }),
  });
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function owner(domain = 'abc.example') {
  const accountId = await createAccount(t.db, { name: 'ABC Company' });
  const email = `propietario.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@${domain}`;
  return createMember(t.db, { role: 'owner', accountId, email });
}

let sequence = 0;
async function deliver(envelopeFrom: string, from: string, headers: string[]) {
  sequence += 1;
  const messageId = `<align-${Date.now()}-${sequence}@mail.test>`;
  const raw = rawMessage({
    from,
    to: SUPPORT,
    subject: `Cambien el titular ${sequence}`,
    text: 'x',
    messageId,
    headers,
  });
  expect(await deliverRaw(smtp.port, { from: envelopeFrom, to: SUPPORT }, raw)).toMatch(/^250/);
  const row = await t.db('inbound_messages').where({ message_id: messageId }).first();
  return row.status === 'filed' ? 'filed' : `held:${row.hold_reason as string}`;
}

const verdict = (results: string) => `Authentication-Results: ${MX}; ${results}`;

describe('the trusted verdict names the address being filed', () => {
  it('holds two From addresses, even with a pass for the second one', async () => {
    const o = await owner();
    const outcome = await deliver(o.email, `${o.email}, attacker@evil.example`, [
      verdict('dmarc=pass header.from=evil.example'),
    ]);
    expect(outcome).toBe('held:conflicting_sender');
    expect(await t.db('tickets').where({ requester_email: o.email }).first()).toBeUndefined();
  });

  it('holds two From header fields, and a Sender that differs from From', async () => {
    const o = await owner();
    const pass = verdict('dmarc=pass header.from=abc.example');
    expect(await deliver(o.email, o.email, [pass, 'From: attacker@evil.example'])).toBe('held:conflicting_sender');
    expect(await deliver(o.email, o.email, [pass, 'Sender: attacker@evil.example'])).toBe('held:conflicting_sender');
    // A Sender that is the From address is no conflict.
    expect(await deliver(o.email, o.email, [pass, `Sender: ${o.email}`])).toBe('filed');
  });

  it("does not file the owner on a dmarc=pass for another domain's header.from", async () => {
    const o = await owner();
    expect(await deliver(o.email, o.email, [verdict('dmarc=pass header.from=evil.example')])).toBe(
      'held:sender_not_verified',
    );
    expect(await deliver(o.email, o.email, [verdict('dmarc=pass header.from=abc.example')])).toBe('filed');
  });
});

describe('relaxed alignment by the public suffix list', () => {
  it('does not align an SPF pass for a public suffix above the From domain, and aligns a subdomain', async () => {
    const accountId = await createAccount(t.db);
    const ana = await createContactRow(t.db, accountId, { email: `ana.${Date.now()}@abc.co.uk` });
    expect(await deliver(ana.email, ana.email, [verdict('spf=pass smtp.mailfrom=co.uk; dmarc=none')])).toBe(
      'held:sender_not_verified',
    );
    expect(await deliver(ana.email, ana.email, [verdict('spf=pass smtp.mailfrom=bounces.abc.co.uk; dmarc=none')])).toBe(
      'filed',
    );
  });

  it('keeps two organisations under a private suffix apart (abc.github.io, github.io)', async () => {
    const accountId = await createAccount(t.db);
    const luis = await createContactRow(t.db, accountId, { email: `luis.${Date.now()}@abc.github.io` });
    expect(await deliver(luis.email, luis.email, [verdict('dkim=pass header.d=github.io; dmarc=none')])).toBe(
      'held:sender_not_verified',
    );
  });
});
