import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createContactRow, createTicketRow } from '../helpers/factories';
import { rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';

/**
 * Issue 22 item 9: an out-of-office reply without Auto-Submitted or X-Autoreply headers is known by
 * its subject, in the platform's languages and German, French and Portuguese — ignored, never a
 * reply on the ticket. Delivered to the real SMTP listener (loopback passes SPF in the DNS stub).
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
async function deliver(from: string, subject: string) {
  sequence += 1;
  const messageId = `<ooo-${Date.now()}-${sequence}@mail.test>`;
  const raw = rawMessage({ from, to: SUPPORT, subject, text: 'Estoy fuera hasta el lunes.', messageId });
  expect(await deliverRaw(smtp.port, { from, to: SUPPORT }, raw)).toMatch(/^250/);
  const row = await t.db('inbound_messages').where({ message_id: messageId }).first();
  return `${row.status as string}:${row.hold_reason as string}`;
}

it.each([
  'Abwesenheitsnotiz: %s',
  'Automatische Antwort: %s',
  'Réponse automatique : %s',
  'Absent du bureau: %s',
  'Resposta automática: %s',
  'Ausência: %s',
  'Absence : %s',
  'Fora do escritório: %s',
  'Respuesta automática: %s',
  'Fuera de la oficina: %s',
  'Out of Office: %s',
  'Automatic reply: %s',
])('ignores «%s» as an automatic reply, not a reply on the ticket', async (subject) => {
  const accountId = await createAccount(t.db);
  const ana = await createContactRow(t.db, accountId, { email: `ana.${Date.now()}.${sequence}@ok.test` });
  const ticket = await createTicketRow(t.db, { accountId, requesterEmail: ana.email });
  const row = await t.db('tickets').where({ id: ticket.id }).first('number', 'reply_key');
  const tag = `[#${row.number}-${row.reply_key}] Sin tono`;
  expect(await deliver(ana.email, subject.replace('%s', tag))).toBe('ignored:automatic');
  expect(await t.db('ticket_messages').where({ ticket_id: ticket.id, body: 'Estoy fuera hasta el lunes.' })).toEqual(
    [],
  );
  // A person whose subject starts with the same word is heard.
  expect(await deliver(ana.email, `Ausencia de tono ${tag}`)).toBe('filed:');
});
