import pino from 'pino';
import { createMailer } from '../../src/mail/outbox';
import { createMailTransport, SMTP_CONNECTIONS } from '../../src/mail/transport';
import { startOutboxWorker } from '../../src/mail/worker';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { closedPort, startSmtpSink } from '../helpers/smtp';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
afterEach(() => database.db('mail_outbox').delete());

const message = {
  category: 'account' as const,
  template: 'invitation',
  to: ['Ana@Example.test'],
  cc: ['jefa@example.test'],
  subject: 'Regístrate ahora\r\nBcc: intruso@example.test',
  text: 'Hola Ana,\nabre el enlace para registrarte.',
};

function mailerFor(url: string | null) {
  const transport = url ? createMailTransport(url, 1500) : null;
  return {
    transport,
    mailer: createMailer({
      db: database.db,
      transport,
      from: 'Cuentas <no-reply@cuentas.test>',
      messageIdDomain: 'cuentas.test',
    }),
  };
}

it('delivers queued mail over SMTP with its Message-ID, and never lets CR/LF into a header', async () => {
  const sink = await startSmtpSink();
  const { mailer, transport } = mailerFor(sink.url);
  const queued = await mailer.enqueue(message);
  expect(queued.to_addresses).toEqual(['ana@example.test']);
  expect(queued.subject).toBe('Regístrate ahora Bcc: intruso@example.test');

  expect(await mailer.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
  expect(sink.received).toHaveLength(1);
  const mail = sink.received[0];
  expect(mail.to.sort()).toEqual(['ana@example.test', 'jefa@example.test']);
  expect(mail.raw).toContain(`Message-ID: ${queued.message_id}`);
  expect(mail.raw).not.toMatch(/^Bcc:/m);
  const row = await database.db('mail_outbox').where({ id: queued.id }).first();
  expect(row.status).toBe('sent');
  expect(row.sent_at).not.toBeNull();
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  transport!.close();
  await sink.close();
});

it('keeps a message when the server refuses the connection, and delivers it on a later pass', async () => {
  const port = await closedPort();
  const { mailer, transport } = mailerFor(`smtp://127.0.0.1:${port}`);
  const queued = await mailer.enqueue(message);
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
  let row = await database.db('mail_outbox').where({ id: queued.id }).first();
  expect(row.status).toBe('pending');
  expect(row.attempts).toBe(1);
  expect(row.last_error).toMatch(/ECONNREFUSED/);
  expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
  // Not due yet: nothing is attempted.
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  transport!.close();

  // The server comes back on the same port, and the retry time arrives.
  const sink = await startSmtpSink({ port });
  await database
    .db('mail_outbox')
    .where({ id: queued.id })
    .update({ next_attempt_at: database.db.raw("now() - interval '1 second'") });
  const again = mailerFor(sink.url);
  expect(await again.mailer.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
  row = await database.db('mail_outbox').where({ id: queued.id }).first();
  expect(row.status).toBe('sent');
  expect(row.attempts).toBe(2);
  again.transport!.close();
  await sink.close();
});

it('gives up on a permanent refusal and records why', async () => {
  const sink = await startSmtpSink({ refuse: true });
  const { mailer, transport } = mailerFor(sink.url);
  const queued = await mailer.enqueue(message);
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
  const row = await database.db('mail_outbox').where({ id: queued.id }).first();
  expect(row.status).toBe('failed');
  expect(row.last_error).toMatch(/550/);
  transport!.close();
  await sink.close();
});

it('sendNow tells at once whether sending worked, and leaves what did not go out to the outbox', async () => {
  const sink = await startSmtpSink();
  const ok = mailerFor(sink.url);
  expect(await ok.mailer.sendNow((await ok.mailer.enqueue(message)).id)).toBe('sent');
  expect(sink.received).toHaveLength(1);
  ok.transport!.close();
  await sink.close();

  const refused = mailerFor(`smtp://127.0.0.1:${await closedPort()}`);
  const queued = await refused.mailer.enqueue(message);
  expect(await refused.mailer.sendNow(queued.id)).toBe('deferred');
  expect((await database.db('mail_outbox').where({ id: queued.id }).first()).status).toBe('pending');
  refused.transport!.close();
});

it('without a transport (development) keeps mail in the outbox', async () => {
  const { mailer } = mailerFor(null);
  const queued = await mailer.enqueue(message);
  expect(mailer.delivers).toBe(false);
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  expect((await database.db('mail_outbox').where({ id: queued.id }).first()).status).toBe('pending');
});

it('the worker loop delivers what is queued, and two workers never send a message twice', async () => {
  const sink = await startSmtpSink();
  const a = mailerFor(sink.url);
  const b = mailerFor(sink.url);
  for (let i = 0; i < 10; i++) await a.mailer.enqueue({ ...message, subject: `Mensaje ${i}` });
  const logger = pino({ level: 'silent' });
  const workers = [a, b].map((m) =>
    startOutboxWorker(m.mailer, { intervalMs: 20, onError: (err) => logger.error(err) }),
  );
  for (let i = 0; i < 200 && sink.received.length < 10; i++) await new Promise((r) => setTimeout(r, 25));
  await Promise.all(workers.map((w) => w.stop()));
  expect(sink.received).toHaveLength(10);
  expect(new Set(sink.received.map((m) => /Subject: (.*)/.exec(m.raw)![1])).size).toBe(10);
  a.transport!.close();
  b.transport!.close();
  await sink.close();
});

// Issue 24: a worker claims a batch, sends it side by side and records every outcome at once.
it('sends a batch side by side on the pooled connections, not one message after another', async () => {
  // A relay that takes a moment over each message: a batch sent in turn would have one at a time.
  const sink = await startSmtpSink({ delayMs: 200 });
  const { mailer, transport } = mailerFor(sink.url);
  for (let i = 0; i < 10; i++) await mailer.enqueue({ ...message, to: [`ana${i}@example.test`], cc: [] });
  expect(await mailer.deliverDue()).toEqual({ sent: 10, retried: 0, failed: 0 });
  expect(sink.received).toHaveLength(10);
  expect(sink.maxInFlight).toBeGreaterThan(1);
  expect(sink.maxInFlight).toBeLessThanOrEqual(SMTP_CONNECTIONS);
  const statuses = await database.db('mail_outbox').pluck('status');
  expect(statuses).toEqual(Array(10).fill('sent'));
  transport!.close();
  await sink.close();
});

it('in a batch where one message is refused for good and one must wait, the others are sent and each keeps its own outcome', async () => {
  const sink = await startSmtpSink({ refuseTo: { 'nadie@example.test': 550, 'lleno@example.test': 452 } });
  const { mailer, transport } = mailerFor(sink.url);
  const to = ['ana@example.test', 'nadie@example.test', 'luis@example.test', 'lleno@example.test', 'eva@example.test'];
  const queued = new Map<string, number>();
  for (const address of to) queued.set(address, (await mailer.enqueue({ ...message, to: [address], cc: [] })).id);

  expect(await mailer.deliverDue()).toEqual({ sent: 3, retried: 1, failed: 1 });
  expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
    'ana@example.test',
    'eva@example.test',
    'luis@example.test',
  ]);
  const row = (address: string) =>
    database
      .db('mail_outbox')
      .where({ id: queued.get(address) })
      .first();
  for (const address of ['ana@example.test', 'luis@example.test', 'eva@example.test'])
    expect(await row(address)).toMatchObject({ status: 'sent', last_error: '', locked_until: null, attempts: 1 });
  const refused = await row('nadie@example.test');
  expect(refused).toMatchObject({ status: 'failed', locked_until: null, attempts: 1 });
  expect(refused.last_error).toMatch(/550/);
  const waiting = await row('lleno@example.test');
  expect(waiting).toMatchObject({ status: 'pending', locked_until: null, attempts: 1 });
  expect(waiting.last_error).toMatch(/452/);
  expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
  // Nothing is sent twice, and the waiting message is not due yet.
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  expect(sink.received).toHaveLength(3);
  transport!.close();
  await sink.close();
});
