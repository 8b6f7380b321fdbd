/*
 * npm run bench:floor [-- --smoke] — what the stack itself allows on this machine, beside what
 * `npm run bench` measures of Cuentas: the same load (autocannon, 10 connections) against
 * bench/floor-app.ts, which is Express 5, express-session with connect-pg-simple, pg and EJS and none
 * of Cuentas' code, started with the same Node options as `npm start`. A page target above the floor's
 * own ratio cannot be met by any app on this stack on this machine. Printed, never asserted; the run
 * fails only when a route answers another status than expected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { prepareDatabase } from './database';
import { loadPage } from './load';
import { relayMessages } from './mail';
import { cpuMs, freePort, productionNodeArgs } from './processes';

const SMOKE = process.argv.includes('--smoke');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SMOKE ? 1 : 8));
const ROUNDS = SMOKE ? 1 : 3;
const CONNECTIONS = 10;

interface Measured {
  perSecond: number;
  p99: number;
  cpu: number;
  unexpected: number;
}

function startFloorApp(databaseUrl: string, port: number, smtpPort: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...productionNodeArgs(), '--import', 'tsx', path.join(__dirname, 'floor-app.ts')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        SMTP_PORT: String(smtpPort),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (/listening/.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`floor-app exited with ${code}`)));
  });
}

/** One route under the bench's load for `seconds`; a PUT gets a path of its own per request. */
async function measure(
  pid: number,
  url: string,
  expect: number,
  options: { headers?: Record<string, string>; method?: 'PUT'; body?: string } = {},
  seconds = SECONDS,
): Promise<Measured> {
  let n = 0;
  const path = new URL(url).pathname;
  const before = cpuMs(pid);
  const result = await loadPage(url, {
    seconds,
    connections: CONNECTIONS,
    expect,
    headers: options.headers,
    requests: options.method
      ? [{ method: options.method, body: options.body, setupRequest: (r) => ({ ...r, path: `${path}/${++n}` }) }]
      : undefined,
  });
  return {
    perSecond: result.perSecond,
    p99: result.p99,
    cpu: ((cpuMs(pid) - before) * 1000) / Math.max(1, result.requests),
    unexpected: result.unexpected,
  };
}

async function main(): Promise<void> {
  const database = await prepareDatabase();
  const port = await freePort();
  const smtpPort = await freePort();
  const app = await startFloorApp(database.url, port, smtpPort);
  const base = `http://127.0.0.1:${port}`;
  let failed = false;
  try {
    const signIn = await fetch(`${base}/sign-in`, { method: 'POST' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const rows: { id: string; what: string; expect: number; path: string; options?: Parameters<typeof measure>[3] }[] =
      [
        { id: 'floor-healthz', what: 'GET /healthz (the baseline)', expect: 200, path: '/healthz' },
        { id: 'floor-page', what: 'GET a page: 2 prepared statements, 5 KB of EJS', expect: 200, path: '/page' },
        {
          id: 'floor-signed-in',
          what: 'the same page behind a session row (express-session, connect-pg-simple)',
          expect: 200,
          path: '/signed-in',
          options: { headers: { cookie } },
        },
        {
          id: 'floor-list',
          what: 'GET JSON: a token statement and 40 rows',
          expect: 200,
          path: '/list',
          options: { headers: { authorization: 'Bearer floor' } },
        },
        {
          id: 'floor-write',
          what: 'PUT JSON: a token statement, BEGIN, 6 inserts, COMMIT',
          expect: 201,
          path: '/write',
          options: {
            method: 'PUT',
            headers: { authorization: 'Bearer floor', 'content-type': 'application/json' },
            body: JSON.stringify({
              currency: 'MXN',
              total: '1772.45',
              items: [{ quantity: 1 }, { quantity: 3 }, { quantity: 1 }],
            }),
          },
        },
      ];
    // A warm-up first (JIT, the pool, prepared statements), outside the measured runs.
    for (const row of rows) await measure(app.pid!, base + row.path, row.expect, row.options, 1);
    const results = new Map<string, Measured[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const row of rows) {
        const m = await measure(app.pid!, base + row.path, row.expect, row.options);
        results.set(row.id, [...(results.get(row.id) ?? []), m]);
      }
    const inbound: { perSecond: number; cpu: number; failed: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = cpuMs(app.pid);
      const relayed = await relayMessages(smtpPort, SECONDS);
      const cpu = cpuMs(app.pid) - before;
      const stored = Number((await database.db.raw('SELECT count(*) AS n FROM floor_mail')).rows[0].n);
      await database.db.raw('TRUNCATE floor_mail');
      inbound.push({
        perSecond: stored / relayed.elapsed,
        cpu: (cpu * 1000) / Math.max(1, relayed.accepted),
        failed: relayed.failed + Math.abs(relayed.accepted - stored),
      });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const healthz = median(results.get('floor-healthz')!.map((m) => m.perSecond));
    console.log(`\nThe stack's floor: ${CONNECTIONS} connections, ${SECONDS} s a run, median of ${ROUNDS} rounds\n`);
    console.log('| id | what | per second | × /healthz | p99 ms | app CPU µs/req | unexpected |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const ms = results.get(row.id)!;
      const unexpected = ms.reduce((sum, m) => sum + m.unexpected, 0);
      if (unexpected) failed = true;
      const rate = median(ms.map((m) => m.perSecond));
      console.log(
        `| ${row.id} | ${row.what} | ${Math.round(rate).toLocaleString('en')} | ${(rate / healthz).toFixed(2)}× | ${median(ms.map((m) => m.p99))} | ${Math.round(median(ms.map((m) => m.cpu))).toLocaleString('en')} | ${unexpected} |`,
      );
    }
    const failedMail = inbound.reduce((sum, m) => sum + m.failed, 0);
    if (failedMail) failed = true;
    console.log(
      `| floor-inbound | SMTP: smtp-server, mailparser, one INSERT a message (5 senders) | ${Math.round(median(inbound.map((m) => m.perSecond))).toLocaleString('en')} msg/s | — | — | ${Math.round(median(inbound.map((m) => m.cpu))).toLocaleString('en')} | ${failedMail} |`,
    );
  } finally {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
    await database.stop();
  }
  if (failed) {
    console.error('floor: a route answered another status than expected, or a message was not stored');
    process.exitCode = 1;
  } else console.log('\nfloor: all answered as expected');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
