/*
 * npm run bench [-- --smoke] [-- --only=id,id] [-- --cpu-prof=DIR]
 *
 * The built app in production mode, one process, on its own PostgreSQL (embedded, or a fresh
 * database on DATABASE_URL's server) with the demo data plus ROWS contacts, tickets and invoices in
 * ABC Company. Each page is loaded with autocannon and compared with /healthz of the same process;
 * then the dashboard beside a sign-in storm, inbound SMTP, and the outbox worker against a local
 * SMTP sink, and the webhook worker against a local https receiver. Prints one table. Speed is printed, never asserted: the run fails only when a page
 * answers with another status than expected or a piece of the run does not happen (`--smoke`, in
 * CI: small data, about a second per page). docs/benchmarks.md holds the latest full figures.
 */
import os from 'node:os';
import { DEMO_API_TOKEN } from '../seeds/demo';
import { measureInvoicePuts } from './api-billing';
import { addRows, prepareDatabase } from './database';
import { loadPage, measureAccountCreates, signInStorm, warmUp, type PageResult } from './load';
import { measureInbound, measureOutbox, type Throughput } from './mail';
import { measureWebhooks } from './webhooks';
import { AGENT, OWNER, cpuMs, freePort, machineTicks, rssMb, signIn, startApp, stopProcess } from './processes';

const args = process.argv.slice(2);
const SMOKE = args.includes('--smoke');
const ONLY = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
/** Writes the app's V8 CPU profile into this folder when it stops (open it in Chrome DevTools); the workers' too. */
const CPU_PROF = args.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SMOKE ? 1 : 8));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? (SMOKE ? 1_000 : 100_000));
const WARMUP = SMOKE ? 50 : 500;
const STORM_VISITORS = SMOKE ? 2 : 8;
const OUTBOX_MESSAGES = SMOKE ? 50 : 5_000;
const WEBHOOK_EVENTS = SMOKE ? 50 : 5_000;

interface Row {
  id: string;
  what: string;
  perSecond: number;
  unit: 'req/s' | 'msg/s' | 'sign-ins/s' | 'accounts/s' | 'invoices/s' | 'deliveries/s' | '';
  ratio: boolean;
  p50?: number;
  p99?: number;
  unexpected: number;
  rss: number;
  /** Size of the response body. */
  kb?: number;
  /** The app process's CPU time per request, in µs: unlike req/s, barely moved by other load on the machine. */
  cpu?: number;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(rows: Row[]): void {
  const healthz = rows.find((r) => r.id === 'healthz')?.perSecond ?? NaN;
  console.log(
    '| id | what | per second | × /healthz | p50 ms | p99 ms | unexpected | page KB | app CPU µs/req | app RSS MB |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const rate = r.unit ? `${fmt(r.perSecond)} ${r.unit}` : '—';
    const ratio = r.ratio ? `${fmt(r.perSecond / healthz, 2)}×` : '—';
    console.log(
      `| ${r.id} | ${r.what} | ${rate} | ${ratio} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.unexpected} | ${fmt(r.kb, 1)} | ${fmt(r.cpu)} | ${fmt(r.rss)} |`,
    );
  }
}

/** The issue's targets, reported beside the table (never asserted: machines differ). */
function printTargets(rows: Row[]): void {
  const get = (id: string) => rows.find((r) => r.id === id);
  const healthz = get('healthz')?.perSecond ?? NaN;
  const lines: string[] = [];
  const ratio = (id: string, min: number, maxP99?: number) => {
    const r = get(id);
    if (!r) return;
    const x = r.perSecond / healthz;
    let line = `${id}: ${fmt(x, 2)}× (target ≥ ${min}×) ${x >= min ? 'met' : 'NOT met'}`;
    if (maxP99 !== undefined)
      line += `; p99 ${fmt(r.p99)} ms (target ≤ ${maxP99}) ${(r.p99 ?? Infinity) <= maxP99 ? 'met' : 'NOT met'}`;
    lines.push(line);
  };
  ratio('dashboard', 0.35, 20);
  ratio('api-accounts-list', 0.3, 30);
  const creates = get('api-account-create');
  if (creates)
    lines.push(
      `api-account-create: ${fmt(creates.perSecond)} accounts/s (target ≥ 50) ${creates.perSecond >= 50 ? 'met' : 'NOT met'}`,
    );
  ratio('dashboard-large', 0.3, 20);
  for (const id of ['contacts', 'contacts-deep', 'tickets', 'tickets-deep', 'invoices', 'invoices-deep'])
    ratio(id, 0.3, 25);
  ratio('staff', 0.25, 30);
  const storm = get('dashboard-storm');
  if (storm)
    lines.push(`dashboard-storm: p99 ${fmt(storm.p99)} ms (target ≤ 30) ${storm.p99! <= 30 ? 'met' : 'NOT met'}`);
  const invoices = get('api-invoice-put');
  if (invoices)
    lines.push(
      `api-invoice-put: ${fmt(invoices.perSecond)} invoices/s (target ≥ 300) ${invoices.perSecond >= 300 ? 'met' : 'NOT met'}`,
    );
  for (const [id, min] of [
    ['inbound', 400],
    ['outbox', 600],
  ] as const) {
    const r = get(id);
    if (r) lines.push(`${id}: ${fmt(r.perSecond)} msg/s (target ≥ ${min}) ${r.perSecond >= min ? 'met' : 'NOT met'}`);
  }
  const hooks = get('webhooks');
  if (hooks)
    lines.push(
      `webhooks: ${fmt(hooks.perSecond)} deliveries/s (target ≥ 300) ${hooks.perSecond >= 300 ? 'met' : 'NOT met'}`,
    );
  const rss = get('rss');
  if (rss) lines.push(`rss: ${fmt(rss.rss)} MB (target ≤ 180) ${rss.rss <= 180 ? 'met' : 'NOT met'}`);
  console.log(`\nTargets (issues 13, 19 and 24; printed, never asserted):\n${lines.map((l) => `- ${l}`).join('\n')}`);
}

type Page = {
  id: string;
  what: string;
  path: string;
  expect?: number;
  cookie?: string;
  headers?: Record<string, string>;
};

async function main(): Promise<void> {
  const wanted = (id: string) => !ONLY || ONLY.includes(id);
  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0];
  const ticksBefore = machineTicks();
  const database = await prepareDatabase();
  const port = await freePort();
  const inboundPort = await freePort();
  // The app's profile, and the outbox and webhook workers' (a file of its own each, in the same folder).
  const cpuProf = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const app = await startApp(database.url, port, inboundPort, cpuProf);
  const base = `http://127.0.0.1:${port}`;
  const rowsLabel = ROWS.toLocaleString('en');

  async function measurePages(pages: Page[]): Promise<void> {
    for (const page of pages.filter((p) => wanted(p.id))) {
      const url = base + page.path;
      const sample = await fetch(url, {
        headers: { ...(page.cookie ? { cookie: page.cookie } : {}), ...page.headers },
      });
      const kb = (await sample.arrayBuffer()).byteLength / 1024;
      await warmUp(url, { connections: CONNECTIONS, amount: WARMUP, cookie: page.cookie, headers: page.headers });
      const cpu = cpuMs(app.pid);
      const result = await loadPage(url, {
        seconds: SECONDS,
        connections: CONNECTIONS,
        expect: page.expect ?? 200,
        cookie: page.cookie,
        headers: page.headers,
      });
      const row = pageRow(page.id, page.what, result, rssMb(app.pid));
      row.cpu = ((cpuMs(app.pid) - cpu) * 1000) / result.requests;
      row.kb = kb;
      rows.push(row);
    }
  }

  try {
    const owner = await signIn(base, OWNER.email, OWNER.password);
    const agent = await signIn(base, AGENT.email, AGENT.password);
    // First on the demo data alone…
    await measurePages([
      { id: 'healthz', what: 'GET /healthz (liveness; the baseline)', path: '/healthz' },
      { id: 'not-found', what: '404 page: full layout, no session, no query', path: '/bench-404', expect: 404 },
      { id: 'login', what: 'GET /login (the sign-in form: a form cookie, no session row)', path: '/login' },
      { id: 'dashboard', what: "GET / owner's dashboard, demo data", path: '/', cookie: owner },
    ]);
    // …then with a long history in the account, while the app runs.
    const deep = await addRows(database.db, ROWS);
    await measurePages([
      { id: 'dashboard-large', what: `GET / owner's dashboard, ${rowsLabel} rows of each`, path: '/', cookie: owner },
      { id: 'contacts', what: `GET /contacts, first page of ${rowsLabel}`, path: '/contacts', cookie: owner },
      {
        id: 'contacts-deep',
        what: 'GET /contacts, a page half-way through',
        path: `/contacts?after=${deep.contact}`,
        cookie: owner,
      },
      { id: 'tickets', what: `GET /tickets, first page of ${rowsLabel}`, path: '/tickets', cookie: owner },
      // `after` for keyset lists, `page` for numbered ones: either way half-way through.
      {
        id: 'tickets-deep',
        what: 'GET /tickets, a page half-way through',
        path: `/tickets?after=${deep.ticket}&page=${ROWS / 50}`,
        cookie: owner,
      },
      { id: 'invoices', what: `GET /invoices, first page of ${rowsLabel}`, path: '/invoices', cookie: owner },
      {
        id: 'invoices-deep',
        what: 'GET /invoices, a page half-way through',
        path: `/invoices?after=${deep.invoice}&page=${ROWS / 50}`,
        cookie: owner,
      },
      {
        id: 'staff',
        what: `GET /staff helpdesk queue (agent), ${rowsLabel} more tickets`,
        path: '/staff',
        cookie: agent,
      },
    ]);

    // The integration API, with the demo token of Acme Telecom (its customers: ABC Company, Delta Hosting).
    const bearer = { authorization: `Bearer ${DEMO_API_TOKEN}` };
    await measurePages([
      {
        id: 'api-accounts-list',
        what: 'GET /api/v1/accounts (bearer token, rate limit counted)',
        path: '/api/v1/accounts',
        headers: bearer,
      },
    ]);
    if (wanted('api-account-create')) {
      const cpu = cpuMs(app.pid);
      const created = await measureAccountCreates(base, DEMO_API_TOKEN, {
        seconds: SECONDS,
        concurrency: CONNECTIONS,
      });
      rows.push({
        ...pageRow(
          'api-account-create',
          'POST /api/v1/accounts, admin invited (one transaction each)',
          created,
          rssMb(app.pid),
        ),
        unit: 'accounts/s',
        ratio: false,
        cpu: ((cpuMs(app.pid) - cpu) * 1000) / created.requests,
      });
    }

    if (wanted('api-invoice-put')) {
      const cpu = cpuMs(app.pid);
      const puts = await measureInvoicePuts(database.db, base, DEMO_API_TOKEN, {
        seconds: SECONDS,
        connections: CONNECTIONS,
      });
      rows.push({
        ...pageRow(
          'api-invoice-put',
          'PUT /api/v1/accounts/{id}/invoices/{number}, a new invoice of 3 items each',
          puts,
          rssMb(app.pid),
        ),
        unit: 'invoices/s',
        ratio: false,
        cpu: ((cpuMs(app.pid) - cpu) * 1000) / puts.requests,
      });
    }

    if (wanted('dashboard-storm')) {
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const storm = signInStorm(base, OWNER, STORM_VISITORS, finished);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const dashboard = await loadPage(`${base}/`, {
        seconds: SECONDS,
        connections: CONNECTIONS,
        expect: 200,
        cookie: owner,
      }).finally(done);
      const signIns = await storm;
      rows.push(pageRow('dashboard-storm', `GET / beside the sign-in storm below`, dashboard, rssMb(app.pid)), {
        ...pageRow(
          'signin-storm',
          `POST /login, ${STORM_VISITORS} visitors signing in (bcrypt); ${signIns.shed ?? 0} shed with 503 + Retry-After`,
          signIns,
          NaN,
        ),
        unit: 'sign-ins/s',
        ratio: false,
      });
    }

    if (wanted('inbound')) {
      const inbound = await measureInbound(database.db, inboundPort, SECONDS, app.pid);
      rows.push(mailRow('inbound', 'inbound SMTP (5 senders), messages filed as tickets', inbound, rssMb(app.pid)));
    }
    if (wanted('outbox')) {
      const outbox = await measureOutbox(database.db, database.url, OUTBOX_MESSAGES, SECONDS, cpuProf);
      rows.push(
        mailRow(
          'outbox',
          `outbox worker process to a local SMTP sink (worker RSS ${fmt(outbox.rss)} MB; CPU is the worker's)`,
          outbox,
          NaN,
        ),
      );
    }
    if (wanted('webhooks')) {
      const hooks = await measureWebhooks(database.db, database.url, WEBHOOK_EVENTS, SECONDS, cpuProf);
      rows.push({
        ...mailRow(
          'webhooks',
          `webhook worker process to a local https receiver verifying every signature (worker RSS ${fmt(hooks.rss)} MB)`,
          hooks,
          NaN,
        ),
        unit: 'deliveries/s',
      });
    }
    rows.push({
      id: 'rss',
      what: 'app process after all runs',
      perSecond: NaN,
      unit: '',
      ratio: false,
      unexpected: 0,
      rss: rssMb(app.pid),
    });
    // …and what that memory is made of (src/memory-report.ts: one JSON line on the app's stderr).
    if (app.pid !== undefined) {
      process.kill(app.pid, 'SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await stopProcess(app);
    await database.stop();
  }

  const ticksAfter = machineTicks();
  const stolen = (100 * (ticksAfter.steal - ticksBefore.steal)) / (ticksAfter.total - ticksBefore.total);
  console.log(
    `\nCuentas benchmark${SMOKE ? ' (smoke: small data, timings not meaningful)' : ''} — ${new Date().toISOString().slice(0, 10)}, ` +
      `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
      `NODE_ENV=production, one app process; ${SECONDS} s per page, ${CONNECTIONS} connections; ` +
      `machine load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; ` +
      `CPU time taken by the host for other guests during the run (steal): ${stolen.toFixed(1)} %; ` +
      `${rowsLabel} extra contacts, tickets and invoices from dashboard-large on\n`,
  );
  printTable(rows);
  console.log(
    '\nunexpected = responses other than the expected status (200; 404 for not-found; 303 for sign-ins), connection errors and timeouts; for mail, messages refused or that the worker recorded an error for.',
  );
  printTargets(rows);

  const broken = rows.filter((r) => r.unexpected > 0 || (r.unit !== '' && !(r.perSecond > 0)));
  if (broken.length) {
    console.error(`\nbench: FAILED — ${broken.map((r) => r.id).join(', ')} did not answer as expected`);
    process.exit(1);
  }
  console.log(`\nbench: ${rows.length} measurements, all answered as expected`);
}

function pageRow(id: string, what: string, r: PageResult, rss: number): Row {
  return {
    id,
    what,
    perSecond: r.perSecond,
    unit: 'req/s',
    ratio: true,
    p50: r.p50,
    p99: r.p99,
    unexpected: r.unexpected,
    rss,
  };
}

function mailRow(id: string, what: string, r: Throughput, rss: number): Row {
  return { id, what, perSecond: r.perSecond, unit: 'msg/s', ratio: false, unexpected: r.failed, rss, cpu: r.cpu };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
