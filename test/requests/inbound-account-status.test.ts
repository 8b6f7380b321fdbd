import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn } from '../helpers/agent';
import {
  createAccount,
  createContactRow,
  createCustomerOf,
  createMember,
  createReseller,
  createTicketRow,
  setAccountStatusRow,
} from '../helpers/factories';
import { rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/**
 * Issue 22 item 1: the people of a suspended or closed account cannot sign in, so their mail acts
 * on nothing either — it is held with the reason, delivered to the real SMTP listener, verified
 * (SPF passes from loopback in the DNS stub), and the helpdesk's badge says why.
 */

const SUPPORT = 'ayuda@cuentas.example';
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({ dnsResolver: testDns() });
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

let sequence = 0;
async function send(from: string, subject: string): Promise<string> {
  sequence += 1;
  const messageId = `<status-${Date.now()}-${sequence}@mail.test>`;
  const raw = rawMessage({ from, to: SUPPORT, subject, text: `Mensaje ${sequence}`, messageId });
  expect(await deliverRaw(smtp.port, { from, to: SUPPORT }, raw)).toMatch(/^250/);
  const row = await t.db('inbound_messages').where({ message_id: messageId }).first();
  return row.status === 'filed' ? 'filed' : `held:${row.hold_reason as string}`;
}

async function tag(ticketId: number): Promise<string> {
  const ticket = await t.db('tickets').where({ id: ticketId }).first('number', 'reply_key');
  return `[#${ticket.number}-${ticket.reply_key}]`;
}

async function helpdeskAgent() {
  const platform = await createAccount(t.db, { kind: 'platform' });
  return signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
}

describe.each([
  ['suspended', 'Cuenta suspendida'],
  ['closed', 'Cuenta cerrada'],
] as const)('a %s account', (status, label) => {
  it('holds its owner’s verified mail, new or reply, and the helpdesk shows why', async () => {
    const r = await createReseller(t.db);
    const accountId = await createCustomerOf(t.db, r.resellerId);
    const owner = await createMember(t.db, {
      role: 'owner',
      accountId,
      email: `dueno.${status}.${Date.now()}@ok.test`,
    });
    await createContactRow(t.db, accountId, { email: owner.email });
    const ticket = await createTicketRow(t.db, { accountId, requesterEmail: owner.email, openedByUserId: owner.id });
    expect(await send(owner.email, 'Antes de suspender')).toBe('filed');

    await setAccountStatusRow(t.db, accountId, status);
    expect(await send(owner.email, 'Abro un ticket')).toBe(`held:account_${status}`);
    expect(await send(owner.email, `Re: ${await tag(ticket.id)} Sigo aquí`)).toBe(`held:account_${status}`);
    const replies = await t.db('ticket_messages').where({ ticket_id: ticket.id }).pluck('body');
    expect(replies.filter((b: string) => b.startsWith('Mensaje'))).toHaveLength(0);

    const agent = await helpdeskAgent();
    expect((await agent.get('/staff')).text).toContain(label);
    const page = await agent.get(`/staff/tickets/${ticket.number}`);
    expect(page.text).toContain(`badge--account_${status}`);
    expect(page.text).toContain(label);
    expect(page.text).not.toContain('badge--authorized');
  });

  it('holds the mail of a partner of a reseller in that state, in its customers’ accounts', async () => {
    const r = await createReseller(t.db);
    const accountId = await createCustomerOf(t.db, r.resellerId);
    await createContactRow(t.db, accountId, { email: r.partner.email });
    expect(await send(r.partner.email, 'Antes')).toBe('filed');
    await setAccountStatusRow(t.db, r.resellerId, status);
    expect(await send(r.partner.email, 'Después')).toBe(`held:account_${status}`);
    // The customer's own people are not the reseller's partners: they still act.
    const owner = await createMember(t.db, { role: 'owner', accountId });
    expect(await send(owner.email, 'Cliente')).toBe('filed');
  });
});
