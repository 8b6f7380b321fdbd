/*
 * npm run bench:large [-- --smoke] [-- --seconds 10] [-- --cpu-prof=DIR] [-- --only=TEXT]: the pages issue 14 names, on the platform-sized
 * data set (npm run db:seed:large first): a signed-in page that reads nothing of its own (the
 * agent's /profile: what every page costs before its own work), the owner's dashboard, /contacts, /tickets (and its search,
 * and one ticket's page),
 * the staff queue (its «Mis tickets» view, its search by number, words and e-mail, sorted by
 * priority) and the staff account lookup.
 *
 * 1. The plans: the app runs in this process with every SQL statement it sends recorded; each page
 *    is requested once and every statement behind it is EXPLAINed. The plans' node types are
 *    printed, and a sequential scan over a big table fails the run (exit code 1), as does a page
 *    whose plans do not use the index it names.
 * 2. The speed: the built server (dist/) runs in production mode on the same database and each page
 *    is loaded by 10 connections for --seconds (1 with --smoke); p50/p99 and requests/s are printed,
 *    never asserted (the machine is shared). It is started with `npm start`'s Node options; with
 *    --cpu-prof=DIR it writes its V8 CPU profile there when it stops (tsx bench/profile-summary.ts DIR).
 *    --only=TEXT warms up and loads only the pages whose name holds TEXT (`--only=staff`); the plans
 *    are checked for every page all the same.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDb, createPgPool } from '../src/db/knex';
import { migrateUnderLock } from '../src/db/migrate-lock';
import { createI18n } from '../src/i18n';
import { createMailer } from '../src/mail/outbox';
import { LARGE_PASSWORD, LARGE_STAFF, openLargeDatabase, ownerOf } from '../seeds/large';
import { Browser, freePort, waitFor } from '../test/scale/harness';
import { productionNodeArgs } from './processes';

/** Tables that hold 50,000 rows or more at full size (or grow without bound): never read whole. */
const BIG_TABLES = new Set([
  'users',
  'memberships',
  'contacts',
  'tickets',
  'ticket_messages',
  'invoices',
  'invoice_items',
  'services',
  'mail_outbox',
  'audit_events',
  'session',
]);

interface Page {
  name: string;
  who: 'owner' | 'staff';
  path: string;
  /** Indexes of which the page's plans must use one (the run fails otherwise). */
  index?: string[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

const describeNode = (n: PlanNode) =>
  n['Relation Name'] ? `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name']}` : n['Node Type'];

// ---- CPU time, from /proc (Linux; a PostgreSQL on this machine) -----------------------------

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, ppid 4, utime 14 …
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU milliseconds a process has used (user + system), or null when it cannot be read. */
function cpuMs(pid: number | undefined): number | null {
  const f = pid === undefined ? null : statFields(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND : null;
}

/** CPU milliseconds of a PostgreSQL server: the postmaster, its reaped children and its live backends. */
function postgresCpuMs(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  const own = statFields(postmaster);
  if (!own) return null;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The server's postmaster pid, when it runs on this machine and its data folder is readable. */
async function postmasterPid(client: pg.Client): Promise<number | null> {
  try {
    const { rows } = await client.query<{ setting: string }>(
      "SELECT setting FROM pg_settings WHERE name = 'data_directory'",
    );
    const pid = Number(fs.readFileSync(path.join(rows[0].setting, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return statFields(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const secondsAt = args.indexOf('--seconds');
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : smoke ? 1 : 10;
  const cpuProf = args.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
  const base = loadConfig();
  if (base.env === 'production') throw new Error('the benchmark is never run against production');
  const database = await openLargeDatabase(base);
  const url = database.url;
  // A data set seeded by an older release gets this release's migrations first (as a deploy would).
  const migrator = createDb(url, { poolMax: 1 });
  try {
    await migrateUnderLock(migrator);
  } finally {
    await migrator.destroy();
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let failures = 0;
  let server: ReturnType<typeof spawn> | null = null;
  try {
    const { rows } = await admin.query<{ customers: string; contacts: string; tickets: string; invoices: string }>(
      `SELECT (SELECT count(*) FROM accounts WHERE kind = 'customer') AS customers,
              (SELECT reltuples::bigint FROM pg_class WHERE relname = 'contacts') AS contacts,
              (SELECT reltuples::bigint FROM pg_class WHERE relname = 'tickets') AS tickets,
              (SELECT reltuples::bigint FROM pg_class WHERE relname = 'invoices') AS invoices`,
    );
    const customers = Number(rows[0].customers);
    if (!customers) throw new Error('no customer accounts: run npm run db:seed:large first');
    const middle = Math.ceil(customers / 2);
    const owner = ownerOf(middle);
    const term = `Cliente ${String(Math.floor(middle / 10)).padStart(4, '0')}`;
    // A ticket half-way through the data set, to find by its number and its requester's e-mail.
    const sampled = await admin.query<{ number: string; requester_email: string }>(
      `SELECT number, requester_email FROM tickets WHERE account_id = (
         SELECT id FROM accounts WHERE kind = 'customer' ORDER BY id OFFSET $1 LIMIT 1) ORDER BY id LIMIT 1`,
      [middle - 1],
    );
    const sample = sampled.rows[0];
    // One of the owner's own tickets, for the ticket's page.
    const owned = await admin.query<{ number: string }>(
      `SELECT t.number FROM tickets t JOIN memberships m ON m.account_id = t.account_id
         JOIN users u ON u.id = m.user_id
        WHERE u.email = $1 AND m.role = 'owner' ORDER BY t.id LIMIT 1`,
      [owner],
    );
    const ownTicket = owned.rows[0].number;
    const pages: Page[] = [
      // The floor: a signed-in page that reads nothing of its own (the session, the person, the layout).
      { name: 'signed-in floor', who: 'staff', path: '/profile' },
      { name: "owner's dashboard", who: 'owner', path: '/' },
      { name: 'contacts', who: 'owner', path: '/contacts' },
      { name: 'tickets', who: 'owner', path: '/tickets' },
      { name: 'staff queue', who: 'staff', path: '/staff' },
      { name: 'staff account lookup', who: 'staff', path: `/staff/accounts?q=${encodeURIComponent(term)}` },
      { name: 'staff «Mis tickets»', who: 'staff', path: '/staff?view=mine', index: ['tickets_open_assignee_idx'] },
      {
        name: 'staff search #number',
        who: 'staff',
        path: `/staff?q=%23${sample.number}`,
        index: ['tickets_number_key'],
      },
      // Words look in the open queue: through the GIN index, or along the open queue's order for a
      // word so common that the first page fills at once (the planner's choice, both cheap).
      {
        name: 'staff search words',
        who: 'staff',
        path: '/staff?q=troncal',
        index: ['tickets_search_idx', 'tickets_open_idx'],
      },
      {
        name: 'staff search e-mail',
        who: 'staff',
        path: `/staff?q=${encodeURIComponent(sample.requester_email)}`,
        index: ['tickets_requester_email_idx'],
      },
      {
        name: 'staff queue by priority',
        who: 'staff',
        path: '/staff?sort=priority',
        index: ['tickets_open_priority_idx'],
      },
      { name: 'tickets search', who: 'owner', path: '/tickets?q=troncal' },
      // One ticket's page (its messages, files and people in copy, each read by ticket).
      { name: 'ticket page', who: 'owner', path: `/tickets/${ownTicket}` },
    ];
    console.log(
      `data: ${customers.toLocaleString('en-US')} customer accounts, ~${Number(rows[0].contacts).toLocaleString('en-US')} contacts, ` +
        `~${Number(rows[0].tickets).toLocaleString('en-US')} tickets, ~${Number(rows[0].invoices).toLocaleString('en-US')} invoices; ` +
        `owner ${owner}, staff ${LARGE_STAFF}`,
    );

    // ---- 1. the plans ------------------------------------------------------------------
    const config = loadConfig({
      NODE_ENV: 'development',
      DATABASE_URL: url,
      TWO_FACTOR_REQUIRED_FOR: '',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
    });
    const db = createDb(url, { poolMax: 4 });
    const sessionPool = createPgPool(url, () => undefined, 2);
    let recorded: { sql: string; bindings: unknown[] }[] = [];
    db.on('query', (q: { sql: string; bindings?: unknown[] }) =>
      recorded.push({ sql: q.sql, bindings: q.bindings ?? [] }),
    );
    // The session store's statements too (the session read carries the current user).
    const sessionQuery = sessionPool.query.bind(sessionPool) as (...args: unknown[]) => unknown;
    sessionPool.query = ((config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
      if (typeof config === 'string') recorded.push({ sql: config, bindings: values ?? [] });
      else recorded.push({ sql: config.text, bindings: config.values ?? [] });
      return sessionQuery(config, values);
    }) as never;
    const app = createApp({
      config,
      db,
      sessionPool,
      mailer: createMailer({ db, transport: null, from: config.mailFrom, messageIdDomain: 'cuentas.test' }),
      logger: pino({ level: 'silent' }),
      i18n: createI18n(config.projectRoot),
      clock: () => new Date(),
    });
    const local: http.Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const localPort = (local.address() as net.AddressInfo).port;
    try {
      const browsers = { owner: new Browser(localPort), staff: new Browser(localPort) };
      for (const [who, email] of [
        ['owner', owner],
        ['staff', LARGE_STAFF],
      ] as const) {
        const answer = await browsers[who].signIn(email, LARGE_PASSWORD);
        if (answer.status !== 303) throw new Error(`${email} could not sign in (${answer.status})`);
      }
      console.log(
        `\nplans (${smoke ? 'smoke size' : 'as seeded'}; a sequential scan over ${[...BIG_TABLES].join(', ')} fails)`,
      );
      for (const page of pages) {
        recorded = [];
        const answer = await browsers[page.who].get(page.path);
        if (answer.status !== 200) throw new Error(`${page.path} answered ${answer.status}`);
        const statements = recorded;
        const lines: string[] = [];
        const used: string[] = [];
        let databaseMs = 0;
        for (const [i, statement] of statements.entries()) {
          // Reads are run (ANALYZE) to time them on the server; anything else is only planned.
          const reads = /^\s*select\b/i.test(statement.sql);
          const explained = await admin.query<{ 'QUERY PLAN': { Plan: PlanNode; 'Execution Time'?: number }[] }>(
            `EXPLAIN (${reads ? 'ANALYZE, ' : ''}FORMAT JSON) ${statement.sql}`,
            statement.bindings,
          );
          const [plan] = explained.rows[0]['QUERY PLAN'];
          databaseMs += plan['Execution Time'] ?? 0;
          const nodes = nodesOf(plan.Plan);
          used.push(...nodes.map((n) => n['Index Name'] ?? ''));
          const bad = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && BIG_TABLES.has(n['Relation Name'] ?? ''));
          failures += bad.length;
          lines.push(
            `  ${bad.length ? 'SEQ' : 'ok '} ${String(i + 1).padStart(2)}. ${nodes.map(describeNode).join(' > ')}` +
              (bad.length ? `\n        ${statement.sql.slice(0, 300)}` : ''),
          );
        }
        console.log(
          `${page.name} (GET ${page.path}): ${statements.length} statements, ${databaseMs.toFixed(2)} ms on the server`,
        );
        for (const line of lines) console.log(line);
        if (page.index && !page.index.some((name) => used.includes(name))) {
          failures += 1;
          console.log(`  NO INDEX ${page.index.join(' or ')}: the page must read through it`);
        }
      }
    } finally {
      await new Promise((resolve) => local.close(resolve));
      await db.destroy();
      await sessionPool.end();
    }

    // ---- 2. the speed: the built server in production mode -----------------------------------
    const port = await freePort();
    const profiling = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : [];
    const serverArgs = [...productionNodeArgs(), ...profiling, path.join(config.projectRoot, 'dist/src/server.js')];
    server = spawn(process.execPath, serverArgs, {
      cwd: config.projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: url,
        SESSION_SECRET: randomBytes(36).toString('base64'),
        SMTP_URL: 'smtp://127.0.0.1:9',
        MAIL_WORKER: 'off',
        TWO_FACTOR_REQUIRED_FOR: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(
      'the server to answer',
      async () => (await new Browser(port).get('/readyz').catch(() => null))?.status === 200,
      60_000,
    );
    const browsers = { owner: new Browser(port), staff: new Browser(port) };
    await browsers.owner.signIn(owner, LARGE_PASSWORD);
    await browsers.staff.signIn(LARGE_STAFF, LARGE_PASSWORD);
    console.log(`\nspeed: 10 connections, ${seconds} s per page, production mode (printed, not asserted)`);
    console.log(
      `${'page'.padEnd(22)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-200'.padStart(8)} ` +
        `${'app CPU ms/req'.padStart(15)} ${'PostgreSQL CPU ms/req'.padStart(22)}`,
    );
    const postmaster = await postmasterPid(admin);
    const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
    const measured = only ? pages.filter((page) => page.name.includes(only)) : pages;
    // Warm up first (JIT, PostgreSQL's buffers), so that the first page measured is not the slowest.
    if (!smoke)
      for (const page of measured)
        await autocannon({
          url: `http://127.0.0.1:${port}${page.path}`,
          connections: 10,
          duration: 2,
          headers: { cookie: browsers[page.who].cookie },
        });
    for (const page of measured) {
      const appBefore = cpuMs(server.pid);
      const dbBefore = postgresCpuMs(postmaster);
      const result = await autocannon({
        url: `http://127.0.0.1:${port}${page.path}`,
        connections: 10,
        duration: seconds,
        headers: { cookie: browsers[page.who].cookie },
      });
      const unexpected = result.non2xx + result.errors + result.timeouts;
      const perRequest = (before: number | null, after: number | null) =>
        before === null || after === null || !result.requests.total
          ? '-'
          : ((after - before) / result.requests.total).toFixed(2);
      console.log(
        `${page.name.padEnd(22)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(7)} ` +
          `${String(result.latency.p99).padStart(7)} ${String(unexpected).padStart(8)} ` +
          `${perRequest(appBefore, cpuMs(server.pid)).padStart(15)} ${perRequest(dbBefore, postgresCpuMs(postmaster)).padStart(22)}`,
      );
    }
  } finally {
    if (server) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await admin.end();
    await database.stop();
  }
  console.log(
    failures
      ? `\n${failures} sequential scan(s) over a big table or index(es) not used`
      : '\nevery plan reads big tables through an index, each page through the one it names',
  );
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
