/*
 * npm run bench:ab -- DIR_A DIR_B [--rows=healthz,dashboard,staff,list,create,put] [--rounds=3] [--seconds=8]
 *
 * Two builds of the app side by side: each DIR is a copy of dist/ (`npm run build && cp -r dist
 * .data/ab-before`, change the code, then the same into `.data/ab-after`). Both run on one
 * database, prepared as `npm run bench` prepares its own, in turns (A, B, A, B …), each started as
 * `npm start` starts the app and loaded as the bench loads that row. It prints each build's median
 * requests per second, app CPU per request and p99. On a shared machine the rates of two separate
 * runs move by more than most changes; turns of a few seconds see the same machine.
 */
import path from 'node:path';
import { prepareDatabase } from './database';
import { measureInvoicePuts } from './api-billing';
import { loadPage, measureAccountCreates, type PageResult } from './load';
import { AGENT, OWNER, cpuMs, freePort, signIn, startApp, stopProcess } from './processes';
import { DEMO_API_TOKEN } from '../seeds/demo';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const builds = args.filter((a) => !a.startsWith('--')).map((dir) => path.resolve(dir));
const ROWS = option('rows', 'healthz,dashboard,list,create,put').split(',');
const ROUNDS = Number(option('rounds', '3'));
const SECONDS = Number(option('seconds', '8'));
const CONNECTIONS = 10;

type Row = (base: string, seconds: number) => Promise<PageResult>;

async function rowsFor(
  base: string,
  db: Awaited<ReturnType<typeof prepareDatabase>>['db'],
): Promise<Record<string, Row>> {
  const owner = await signIn(base, OWNER.email, OWNER.password);
  const agent = await signIn(base, AGENT.email, AGENT.password);
  const page =
    (path: string, headers: Record<string, string>): Row =>
    (b, seconds) =>
      loadPage(b + path, { seconds, connections: CONNECTIONS, expect: 200, headers });
  return {
    healthz: page('/healthz', {}),
    dashboard: page('/', { cookie: owner }),
    staff: page('/staff', { cookie: agent }),
    list: page('/api/v1/accounts', { authorization: `Bearer ${DEMO_API_TOKEN}` }),
    create: (b, seconds) => measureAccountCreates(b, DEMO_API_TOKEN, { seconds, concurrency: CONNECTIONS }),
    put: (b, seconds) => measureInvoicePuts(db, b, DEMO_API_TOKEN, { seconds, connections: CONNECTIONS }),
  };
}

async function main(): Promise<void> {
  if (builds.length !== 2) throw new Error('give two build folders: npm run bench:ab -- DIR_A DIR_B');
  const database = await prepareDatabase();
  const results = new Map<string, { rate: number[]; cpu: number[]; p99: number[] }>();
  let unexpected = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++)
      for (const [name, build] of [
        ['A', builds[0]],
        ['B', builds[1]],
      ] as const) {
        const port = await freePort();
        const app = await startApp(database.url, port, await freePort(), [], build);
        const base = `http://127.0.0.1:${port}`;
        try {
          const rows = await rowsFor(base, database.db);
          for (const id of ROWS) {
            const row = rows[id];
            if (!row) throw new Error(`no row ${id}: ${Object.keys(rows).join(', ')}`);
            // A second of the same load first (JIT, the pool, prepared statements), then the measured one.
            await row(base, 1);
            const before = cpuMs(app.pid);
            const result = await row(base, SECONDS);
            const cpu = ((cpuMs(app.pid) - before) * 1000) / Math.max(1, result.requests);
            unexpected += result.unexpected;
            const key = `${id} ${name}`;
            const r = results.get(key) ?? { rate: [], cpu: [], p99: [] };
            r.rate.push(result.perSecond);
            r.cpu.push(cpu);
            r.p99.push(result.p99);
            results.set(key, r);
            console.log(
              `round ${round} ${key}: ${Math.round(result.perSecond)}/s, ${Math.round(cpu)} µs CPU, p99 ${Math.round(result.p99)} ms`,
            );
          }
        } finally {
          await stopProcess(app);
        }
      }
  } finally {
    await database.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\nA = ${builds[0]}\nB = ${builds[1]}\n${ROUNDS} rounds of ${SECONDS} s, medians\n`);
  console.log('| row | build | per second | app CPU µs/req | p99 ms |\n|---|---|---:|---:|---:|');
  for (const id of ROWS)
    for (const name of ['A', 'B']) {
      const r = results.get(`${id} ${name}`)!;
      console.log(
        `| ${id} | ${name} | ${Math.round(median(r.rate)).toLocaleString('en')} | ${Math.round(median(r.cpu)).toLocaleString('en')} | ${Math.round(median(r.p99))} |`,
      );
    }
  if (unexpected) {
    console.error(`${unexpected} unexpected answers`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
