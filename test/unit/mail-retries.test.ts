import { createMailer, GIVE_UP_AFTER_SECONDS } from '../../src/mail/outbox';
import { createMailTransport } from '../../src/mail/transport';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { closedPort, startSilentSmtp, startSmtpSink } from '../helpers/smtp';

// Issue 11, item 5: mail is retried with backoff for days, a permanent 5xx fails at once, and a
// hung SMTP server does not hold the request that wanted to send now.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
afterEach(() => database.db('mail_outbox').delete());

const message = {
  category: 'account' as const,
  template: 'invitation',
  to: ['ana@example.test'],
  subject: 'Regístrate ahora',
  text: 'Hola Ana',
};
const DAY = 24 * 3600_000;

function mailerAt(url: string, clock: () => Date, timeoutMs = 1500) {
  const transport = createMailTransport(url, timeoutMs);
  const mailer = createMailer({
    db: database.db,
    transport,
    from: 'Cuentas <no-reply@cuentas.test>',
    messageIdDomain: 'cuentas.test',
    clock,
    sendNowTimeoutMs: 1000,
  });
  return { mailer, transport };
}

const rowOf = (id: number) => database.db('mail_outbox').where({ id }).first();

it('keeps retrying through three days of SMTP refusing, then delivers when it returns', async () => {
  let now = new Date();
  const port = await closedPort();
  const down = mailerAt(`smtp://127.0.0.1:${port}`, () => now);
  const queued = await down.mailer.enqueue(message);
  const started = now.getTime();
  let attempts = 0;
  while (now.getTime() - started < 3 * DAY) {
    const counts = await down.mailer.deliverDue();
    expect(counts.failed).toBe(0);
    attempts += counts.retried;
    const row = await rowOf(queued.id);
    expect(row.status).toBe('pending');
    now = new Date(Math.max(row.next_attempt_at.getTime(), now.getTime()) + 1000);
  }
  down.transport.close();
  const row = await rowOf(queued.id);
  expect(row.status).toBe('pending');
  expect(attempts).toBeGreaterThan(8);
  expect(attempts).toBeLessThan(200);

  const sink = await startSmtpSink({ port });
  const up = mailerAt(sink.url, () => now);
  now = new Date(row.next_attempt_at.getTime() + 1000);
  expect(await up.mailer.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
  expect((await rowOf(queued.id)).status).toBe('sent');
  expect(sink.received).toHaveLength(1);
  up.transport.close();
  await sink.close();
});

it('a temporary 4xx is retried; a permanent 5xx fails at once', async () => {
  const now = new Date();
  const busy = await startSmtpSink({ refuseWith: 451 });
  const a = mailerAt(busy.url, () => now);
  const later = await a.mailer.enqueue(message);
  expect(await a.mailer.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
  expect((await rowOf(later.id)).status).toBe('pending');
  a.transport.close();
  await busy.close();
  await database.db('mail_outbox').delete();

  const refusing = await startSmtpSink({ refuse: true });
  const b = mailerAt(refusing.url, () => now);
  const never = await b.mailer.enqueue(message);
  expect(await b.mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
  const row = await rowOf(never.id);
  expect(row.status).toBe('failed');
  expect(row.attempts).toBe(1);
  expect(row.last_error).toMatch(/550/);
  b.transport.close();
  await refusing.close();
});

it('gives up only after GIVE_UP_AFTER_SECONDS (more than three days) of trying', async () => {
  expect(GIVE_UP_AFTER_SECONDS).toBeGreaterThanOrEqual(3 * 24 * 3600);
  let now = new Date();
  const down = mailerAt(`smtp://127.0.0.1:${await closedPort()}`, () => now);
  const queued = await down.mailer.enqueue(message);
  now = new Date(now.getTime() + GIVE_UP_AFTER_SECONDS * 1000 + 1000);
  expect(await down.mailer.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
  expect((await rowOf(queued.id)).status).toBe('failed');
  down.transport.close();
});

it('sendNow gives up on a hung SMTP server within its short timeout and leaves the message to the outbox', async () => {
  const silent = await startSilentSmtp();
  const { mailer, transport } = mailerAt(silent.url, () => new Date(), 10_000);
  const queued = await mailer.enqueue(message);
  const started = Date.now();
  expect(await mailer.sendNow(queued.id)).toBe('queued');
  expect(Date.now() - started).toBeLessThan(2500);
  transport.close();
  await silent.close();
  // The attempt that was cut short ends as a retry, never as a failure.
  for (let i = 0; i < 50 && (await rowOf(queued.id)).status === 'sending'; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await rowOf(queued.id)).status).toBe('pending');
});
