/*
 * Fault injection (issue 11), `npm run test:faults`: the real app in its own process on its own
 * PostgreSQL, under a bounded keep-alive load on loopback (six signed-in clients reading pages and
 * opening tickets). The database is frozen (SIGSTOP) for 8 s, then killed (-9) and started again;
 * SMTP refuses for three simulated days; the app is stopped with SIGTERM under load. Each time:
 * only 503s (with Retry-After) while the database is away, each within 5 s, no connection reset,
 * no session lost, nothing acknowledged lost, and every log line is JSON.
 */
import pg from 'pg';
import { createDb, type Db } from '../../src/db/knex';
import { createMailer } from '../../src/mail/outbox';
import { createMailTransport } from '../../src/mail/transport';
import {
  Client,
  nonJsonLines,
  runLoad,
  sleep,
  startApp,
  startPostgres,
  startSmtp,
  type FaultyPostgres,
  type Outcome,
  type RunningApp,
  type SwitchableSmtp,
} from './harness';

const DEMO_PASSWORD = 'Cuentas-demo-2026';
const USERS = ['propietario@abc.example', 'admin@abc.example', 'tickets@abc.example'];
const DAY = 24 * 3600_000;

let postgres: FaultyPostgres;
let smtp: SwitchableSmtp;
let app: RunningApp;
let db: Db;
let clients: Client[] = [];
let tokens: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE cuentas');
  await admin.end();
  const url = postgres.url.replace(/\/postgres$/, '/cuentas');
  smtp = await startSmtp();
  // The outbox is delivered by this test (on a movable clock), not by the app's worker.
  app = await startApp({ DATABASE_URL: url, SMTP_URL: smtp.url, MAIL_WORKER: 'off' });
  db = createDb(url, { poolMax: 2 });
  clients = USERS.flatMap(() => [new Client(app.baseUrl), new Client(app.baseUrl)]);
  for (const [i, client] of clients.entries()) await client.signIn(USERS[i % USERS.length], DEMO_PASSWORD);
  tokens = await Promise.all(clients.map((c) => c.csrf('/tickets/new')));
});

afterAll(async () => {
  for (const client of clients) client.close();
  if (app && app.process.exitCode === null) {
    app.process.kill('SIGKILL');
    await app.exited;
  }
  await db?.destroy();
  await smtp?.close();
  await postgres?.stop();
});

function summary(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.error ?? String(o.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** What must hold through any database fault. */
async function expectNothingLost(outcomes: Outcome[], away: { from: number; to: number }) {
  expect(outcomes.filter((o) => o.error)).toEqual([]);
  expect(outcomes.filter((o) => ![200, 303, 503].includes(o.status!))).toEqual([]);
  expect(outcomes.filter((o) => o.ms >= 5000)).toEqual([]);
  expect(outcomes.filter((o) => o.status === 503 && o.retryAfter !== '5')).toEqual([]);
  // Asked and answered while the database was away: only 503s (and there were many).
  const during = outcomes.filter((o) => o.startedAt >= away.from + 200 && o.startedAt + o.ms <= away.to);
  expect(during.length).toBeGreaterThan(10);
  expect(during.filter((o) => o.status !== 503)).toEqual([]);

  // Every ticket the app acknowledged is there.
  const acknowledged = outcomes.flatMap((o) => (o.acknowledged ? [o.acknowledged] : []));
  expect(acknowledged.length).toBeGreaterThan(0);
  const stored = await db('tickets').whereIn('subject', acknowledged).pluck('subject');
  expect([...new Set(stored)].sort()).toEqual([...new Set(acknowledged)].sort());

  // Nobody was signed out (a few tries: the pools are reconnecting).
  for (const client of clients) {
    let answer = await client.request('GET', '/tickets');
    for (let i = 0; i < 10 && answer.status === 503; i++) {
      await sleep(300);
      answer = await client.request('GET', '/tickets');
    }
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Hola,');
  }

  expect(app.stderr).toEqual([]);
  expect(nonJsonLines(app.stdout)).toEqual([]);
}

it('a database frozen for 8 s under load: only quick 503s, and then everything as before', async () => {
  const start = Date.now();
  const away = { from: start + 1000, to: start + 9000 };
  const frozen = sleep(1000).then(async () => {
    postgres.freeze();
    away.from = Date.now();
    await sleep(8000);
    away.to = Date.now();
    postgres.thaw();
  });
  const outcomes = await runLoad(clients, tokens, {
    until: () => Date.now() > start + 12_000,
    maxPerClient: 300,
    label: 'congelada',
  });
  await frozen;
  console.log('freeze', summary(outcomes), 'slowest', Math.max(...outcomes.map((o) => o.ms)), 'ms');
  await expectNothingLost(outcomes, away);
});

it('a database killed (-9) under load and started again: the same', async () => {
  const start = Date.now();
  const away = { from: start + 1000, to: start + 6000 };
  const killed = sleep(1000).then(async () => {
    postgres.kill();
    away.from = Date.now();
    await sleep(4000);
    away.to = Date.now();
    await postgres.restart();
  });
  const outcomes = await runLoad(clients, tokens, {
    until: () => Date.now() > start + 11_000,
    maxPerClient: 400,
    label: 'matada',
  });
  await killed;
  console.log('kill -9', summary(outcomes), 'slowest', Math.max(...outcomes.map((o) => o.ms)), 'ms');
  await expectNothingLost(outcomes, away);
});

it('SMTP refusing for three simulated days: the message is still pending, then delivered', async () => {
  let now = new Date();
  const transport = createMailTransport(smtp.url, 2000);
  const mailer = createMailer({
    db,
    transport,
    from: 'Cuentas <no-reply@cuentas.example>',
    messageIdDomain: 'cuentas.example',
    clock: () => now,
  });
  try {
    // What the load queued goes out first: nothing was lost there either.
    for (let i = 0; i < 50 && (await mailer.deliverDue(50)).sent > 0; i++);
    expect(await db('mail_outbox').whereNot({ status: 'sent' }).count({ n: '*' }).first()).toEqual({ n: 0 });

    smtp.mode = 'refuse';
    const before = Number((await db('mail_outbox').max({ id: 'id' }).first())!.id);
    const opened = await clients[0].request('POST', '/tickets/new', {
      _csrf: tokens[0],
      department: 'support',
      priority: 'high',
      subject: 'Sin correo tres días',
      message: 'El servidor de correo no responde.',
    });
    expect(opened.status).toBe(303);
    const queued = await db('mail_outbox').where('id', '>', before);
    expect(queued.length).toBeGreaterThan(0);

    const received = smtp.received.length;
    const started = now.getTime();
    let passes = 0;
    while (now.getTime() - started < 3 * DAY) {
      const counts = await mailer.deliverDue(50);
      expect(counts).toMatchObject({ sent: 0, failed: 0 });
      passes++;
      const due = await db('mail_outbox').where('id', '>', before).min({ at: 'next_attempt_at' }).first();
      now = new Date(Math.max(now.getTime(), (due!.at as Date).getTime()) + 1000);
    }
    const waiting = await db('mail_outbox').where('id', '>', before).pluck('status');
    expect(waiting.every((s) => s === 'pending')).toBe(true);
    expect(passes).toBeGreaterThan(50);

    smtp.mode = 'accept';
    now = new Date(now.getTime() + 3600_000);
    expect((await mailer.deliverDue(50)).sent).toBe(queued.length);
    expect(await db('mail_outbox').where('id', '>', before).pluck('status')).toEqual(queued.map(() => 'sent'));
    expect(smtp.received.slice(received).some((raw) => raw.includes('Sin correo tres d'))).toBe(true);
  } finally {
    transport.close();
  }
});

it('SIGTERM under keep-alive load: every request answered, not one reset, and a clean exit', async () => {
  let stopAt = 0;
  const load = runLoad(clients, tokens, {
    until: () => stopAt > 0 && Date.now() > stopAt + 15_000,
    maxPerClient: 300,
    label: 'apagado',
    pauseMs: 0,
  });
  await sleep(800);
  stopAt = Date.now();
  app.process.kill('SIGTERM');
  const outcomes = await load;
  const code = await app.exited;
  console.log('SIGTERM', summary(outcomes), 'exit', code);

  expect(outcomes.filter((o) => o.error && o.error !== 'ECONNREFUSED')).toEqual([]);
  expect(outcomes.filter((o) => o.status !== undefined && ![200, 303].includes(o.status))).toEqual([]);
  expect(outcomes.filter((o) => o.connectionClose).length).toBeGreaterThan(0);
  expect(code).toBe(0);
  const acknowledged = outcomes.flatMap((o) => (o.acknowledged ? [o.acknowledged] : []));
  const stored = await db('tickets').whereIn('subject', acknowledged).pluck('subject');
  expect(stored.sort()).toEqual(acknowledged.sort());
  expect(app.stderr).toEqual([]);
  expect(nonJsonLines(app.stdout)).toEqual([]);
});
