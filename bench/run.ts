/*
 * npm run bench — the built app in production mode on the demo data, measured with autocannon:
 * a page rendered without session or database (the 404 page), the sign-in page (which opens a
 * session), and the signed-in dashboard. Prints requests/s, p50, p99 and each page's ratio to the
 * baseline, all from one run. The demo account gets 100,000 extra contacts and 100,000 tickets to
 * show the lists page; then inbound mail is sent over SMTP to measure messages filed per second. Uses DATABASE_URL when set, else a throwaway embedded PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { startEmbeddedDatabase, withDatabase } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrations';
import { DEMO_PASSWORD, seedDemo } from '../seeds/demo';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const root = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function prepareDatabase(): Promise<{ url: string; stop: () => Promise<void>; deepContactId: number }> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => undefined;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-bench-'));
    fs.chmodSync(dir, 0o755);
    const embedded = await startEmbeddedDatabase({
      dir: path.join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    serverUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `cuentas_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const db = createDb(url);
  await migrateLatest(db);
  await seedDemo(db, 'development');
  // 100,000 contacts in the demo account: the list must page, never load them whole.
  await db.raw(`INSERT INTO contacts (account_id, first_name, last_name, email, email_types)
    SELECT a.id, 'Contacto', 'Apellido ' || lpad(g::text, 6, '0'), 'contacto' || g || '@bench.example', '{general}'
      FROM accounts a, generate_series(1, 100000) g WHERE a.name = 'ABC Company'`);
  await db.raw('ANALYZE contacts');
  // 100,000 tickets in the demo account, for the ticket list.
  await db.raw(`INSERT INTO tickets (account_id, number, requester_email, department, priority, status, subject, last_reply_at)
    SELECT a.id, lpad(g::text, 6, '0'), 'contacto' || g || '@bench.example', (ARRAY['support','billing','sales'])[1 + g % 3],
           (ARRAY['low','medium','high'])[1 + g % 3], (ARRAY['open','answered','customer_reply','closed'])[1 + g % 4],
           'Ticket de prueba ' || g, now() - make_interval(mins => g)
      FROM accounts a, generate_series(200000, 299999) g WHERE a.name = 'ABC Company'`);
  await db.raw('ANALYZE tickets');
  const deep = await db('contacts').where({ email: 'contacto50000@bench.example' }).first('id');
  await db.destroy();
  const dropAndStop = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    await stop();
  };
  return { url, stop: dropAndStop, deepContactId: deep.id as number };
}

const INBOUND_SENDERS = 5;

/** Sends mail from an authorized demo address to the running app's SMTP listener for DURATION seconds. */
async function measureInbound(port: number): Promise<{ filed: number; failed: number; seconds: number }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: INBOUND_SENDERS,
  });
  const end = Date.now() + DURATION * 1000;
  const started = Date.now();
  let filed = 0;
  let failed = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: INBOUND_SENDERS }, async () => {
      while (Date.now() < end) {
        n += 1;
        try {
          await transport.sendMail({
            from: 'facturacion@abc.example',
            to: 'ayuda@cuentas.example',
            subject: `Consulta ${n}`,
            text: `Mensaje de prueba número ${n}.`,
            messageId: `<bench-${n}-${started}@bench.example>`,
          });
          filed += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );
  transport.close();
  return { filed, failed, seconds: (Date.now() - started) / 1000 };
}

async function startApp(databaseUrl: string, port: number, inboundPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'dist/src/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_WORKER: 'off',
      INBOUND_SMTP_PORT: String(inboundPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
  });
  return child;
}

async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: 'propietario@abc.example', password: DEMO_PASSWORD }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in for the benchmark failed: ${response.status}`);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

interface Row {
  name: string;
  path: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(
  name: string,
  url: string,
  expectStatus: number,
  headers: Record<string, string> = {},
): Promise<Row> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    expectBody: undefined,
  });
  const wrong = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => Number(code) !== expectStatus)
    .reduce((n, [, s]) => n + (s as { count: number }).count, 0);
  return {
    name,
    path: new URL(url).pathname,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: wrong,
  };
}

async function main(): Promise<void> {
  const database = await prepareDatabase();
  const port = await freePort();
  const inboundPort = await freePort();
  const app = await startApp(database.url, port, inboundPort);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookie = await signIn(base);
    const rows = [
      await measure('baseline: page without session or database (404 page)', `${base}/bench-baseline`, 404),
      await measure('sign-in page (opens a session: one INSERT)', `${base}/login`, 200),
      await measure('signed-in dashboard (session read + user + summary queries)', `${base}/`, 200, { cookie }),
      await measure('contacts, first page of 100,000', `${base}/contacts`, 200, { cookie }),
      await measure(
        'contacts, a page half-way through 100,000 (keyset cursor)',
        `${base}/contacts?after=${database.deepContactId}`,
        200,
        { cookie },
      ),
      await measure('tickets, first page of 100,000', `${base}/tickets`, 200, { cookie }),
    ];
    const inbound = await measureInbound(inboundPort);
    const baseline = rows[0]!.rps;
    console.log(
      `\nCuentas benchmark — ${DURATION}s per route, ${CONNECTIONS} connections, NODE_ENV=production, ${os.cpus().length} cores\n`,
    );
    console.log('| route | path | requests/s | p50 ms | p99 ms | ratio to baseline | unexpected status |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.path} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / baseline).toFixed(2)} | ${r.non2xx} |`,
      );
    }
    console.log(
      `\nInbound e-mail over SMTP (${INBOUND_SENDERS} senders, ${DURATION}s): ${inbound.filed} messages filed as tickets, ${(inbound.filed / inbound.seconds).toFixed(1)} per second, ${inbound.failed} refused.`,
    );
  } finally {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
