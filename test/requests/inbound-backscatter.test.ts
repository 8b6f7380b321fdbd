import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember } from '../helpers/factories';
import { rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/**
 * Issue 22 item 8: no backscatter. Rejecting a held request writes to its sender only when their
 * domain vouched for the message; otherwise the agent is told why nobody was written to. Mail goes
 * through the real SMTP listener; the DNS stub makes loopback a legitimate sender for every domain
 * but forjado.test, whose SPF refuses it.
 */

const SUPPORT = 'ayuda@cuentas.example';
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({ dnsResolver: testDns({ 'forjado.test': ['v=spf1 ip4:192.0.2.25 -all'] }) });
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

let sequence = 0;
async function deliver(from: string) {
  sequence += 1;
  const messageId = `<backscatter-${Date.now()}-${sequence}@mail.test>`;
  const raw = rawMessage({ from, to: SUPPORT, subject: `Transfieran la cuenta ${sequence}`, text: 'x', messageId });
  expect(await deliverRaw(smtp.port, { from, to: SUPPORT }, raw)).toMatch(/^250/);
  return t.db('inbound_messages').where({ message_id: messageId }).first();
}

async function reject(id: number) {
  const platform = await createAccount(t.db, { kind: 'platform' });
  const agent = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
  const page = textOf((await agent.get(`/staff/requests/${id}`)).text);
  const answer = await submitForm(agent, `/staff/requests/${id}`, `/staff/requests/${id}/reject`, { note: '' });
  expect(answer.status).toBe(303);
  return { page, flash: textOf((await agent.get(answer.headers.location)).text) };
}

const toldTo = async (email: string) =>
  t.db('mail_outbox').where({ template: 'request_rejected' }).whereRaw('? = ANY(to_addresses)', [email]);

describe('rejecting a held request', () => {
  it('does not mail a sender whose domain did not vouch for the message, and says why', async () => {
    const victim = `victima.${Date.now()}@forjado.test`;
    const held = await deliver(victim);
    expect(held).toMatchObject({ status: 'held', sender_verified: false });
    const { page, flash } = await reject(held.id);
    expect(page).toContain('No le escribiremos: su dominio no confirmó que el mensaje fuera suyo');
    expect(flash).toContain(`No se escribió a ${victim}`);
    expect(await toldTo(victim)).toHaveLength(0);
    expect((await t.db('inbound_messages').where({ id: held.id }).first()).status).toBe('rejected');
  });

  it('mails the rejection to a verified sender', async () => {
    const stranger = `extrano.${Date.now()}@fuera.test`;
    const held = await deliver(stranger);
    expect(held).toMatchObject({ status: 'held', hold_reason: 'unknown_sender', sender_verified: true });
    const { page, flash } = await reject(held.id);
    expect(page).toContain('Le diremos por correo');
    expect(flash).toContain(`Se rechazó la solicitud y se avisó a ${stranger}`);
    expect(await toldTo(stranger)).toHaveLength(1);
  });
});
