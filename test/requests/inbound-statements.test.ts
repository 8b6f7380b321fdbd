import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createContactRow, createMember } from '../helpers/factories';
import { fileRawMail, type FilingOutcome } from '../../src/services/inbound-filing';
import { ticketRepresentation } from '../../src/services/representations/people';

// Issue 24: inbound SMTP ≥ 400 messages/s filed on one process. Statements are counted, never
// timed: each is a round trip to PostgreSQL whatever the machine's load (docs/benchmarks.md).
const MX = 'mx.cuentas.test';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { INBOUND_AUTHSERV_ID: MX } });
});
afterAll(() => t.close());

/** A message as the MX in front relays it: it checked the sender and says so (as bench/mail.ts sends). */
function relayed(from: string, n: number): Buffer {
  return Buffer.from(
    [
      `Authentication-Results: ${MX}; spf=pass smtp.mailfrom=${from}; dmarc=pass header.from=${from.split('@')[1]}`,
      `From: Ana Autorizada <${from}>`,
      `To: ${t.config.supportEmail}`,
      `Subject: Consulta ${n}`,
      `Message-ID: <statements-${n}-${Date.now()}@mail.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Mensaje de prueba número ${n}.`,
      '',
    ].join('\r\n'),
  );
}

async function counted(work: () => Promise<FilingOutcome>): Promise<{ outcome: FilingOutcome; sql: string[] }> {
  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  t.deps.db.on('query', listener);
  try {
    return { outcome: await work(), sql };
  } finally {
    t.deps.db.off('query', listener);
  }
}

it('files a new ticket from an authorized contact in one transaction of 9 statements, with its message, event, mail and record', async () => {
  const accountId = await createAccount(t.db, { name: 'Correo SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const contact = await createContactRow(t.db, accountId, { firstName: 'Ana', lastName: 'Autorizada' });
  const raw = relayed(contact.email, 1);

  const { outcome, sql } = await counted(() => fileRawMail(t.deps, raw));

  expect(outcome).toMatchObject({ outcome: 'ticket_created' });
  const number = (outcome as { ticketNumber: string }).ticketNumber;
  // BEGIN; the Message-ID seen before; who the sender is; the ticket, its number and its message; the
  // webhook event; the owner, the languages and the message to thread on; the e-mail; the inbound
  // record; COMMIT. It was 17.
  expect(sql).toHaveLength(9);
  expect(sql.filter((q) => /^(BEGIN|COMMIT)/i.test(q.trim()))).toHaveLength(2);

  const ticket = await t.db('tickets').where({ number }).first();
  expect(ticket).toMatchObject({
    account_id: accountId,
    subject: 'Consulta 1',
    requester_email: contact.email,
    opened_by_contact_id: contact.id,
    source: 'email',
    status: 'open',
  });
  const messages = await t.db('ticket_messages').where({ ticket_id: ticket.id });
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({
    author_email: contact.email,
    author_name: 'Ana Autorizada',
    author_kind: 'customer',
    body: 'Mensaje de prueba número 1.',
    source: 'email',
  });
  // The event carries the ticket as it is read afterwards.
  const event = await t.db('webhook_events').where({ type: 'ticket.created', account_id: accountId }).first();
  expect(event.data).toEqual(await ticketRepresentation(t.db, ticket.id));
  const mail = await t.db('mail_outbox').where({ ticket_id: ticket.id });
  expect(mail).toHaveLength(1);
  expect(mail[0]).toMatchObject({
    template: 'ticket_opened',
    to_addresses: [contact.email],
    cc_addresses: [owner.email],
    in_reply_to: null,
    subject: `[#${number}] Consulta 1`,
  });
  const inbound = await t.db('inbound_messages').where({ from_email: contact.email }).first();
  expect(inbound).toMatchObject({
    status: 'filed',
    ticket_id: ticket.id,
    account_id: accountId,
    sender_verified: true,
  });

  // The same message again is one message: nothing more is filed.
  expect(await fileRawMail(t.deps, raw)).toEqual({ outcome: 'duplicate' });
  expect(await t.db('tickets').where({ requester_email: contact.email }).count('* as n')).toEqual([{ n: 1 }]);
});
