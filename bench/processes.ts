/* The built app and mail worker as child processes in production mode, as they are deployed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEMO_PASSWORD } from '../seeds/demo';

const root = path.resolve(__dirname, '..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * The machine's CPU time so far in clock ticks, all of it and the part the hypervisor gave to other
 * guests ("steal", /proc/stat): on a shared virtual machine a run's figures fall with it.
 */
export function machineTicks(): { total: number; steal: number } {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return { total: NaN, steal: NaN };
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function productionEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    // The benchmark measures pages, not the second sign-in step: nobody is required to use it here.
    TWO_FACTOR_REQUIRED_FOR: '',
    ...extra,
  };
}

/** The build `npm run build` writes, which the benchmark runs unless told another (bench/ab.ts). */
const BUILD = path.join(root, 'dist');

/** Starts a built entry point and resolves once it prints `ready` on stdout; later output goes to stderr. */
async function startProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  nodeArgs: string[] = [],
  build = BUILD,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(build, 'src', script)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    // A ready line that never comes (a renamed log message) fails the run instead of hanging CI.
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not print ${String(ready)} within 60 s`));
    }, 60_000);
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!started && ready.test(text)) {
        started = true;
        clearTimeout(deadline);
        resolve();
      } else if (started) process.stderr.write(`${script}: ${text}`);
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
  return child;
}

/**
 * The Node options `npm start` runs the web process with (package.json's `start` script: the heap's
 * sizes, docs/operations.md), so that the benchmark measures the app as production starts it.
 */
export function productionNodeArgs(): string[] {
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const options = /^node((?: --[a-z-]+(?:=\S+)?)*) dist\/src\/server\.js$/.exec(scripts.start ?? '');
  if (!options)
    throw new Error(`package.json's start script is not "node [--options] dist/src/server.js": ${scripts.start}`);
  return options[1].split(' ').filter(Boolean);
}

export function startApp(
  databaseUrl: string,
  port: number,
  inboundPort: number,
  nodeArgs: string[] = [],
  build = BUILD,
): Promise<ChildProcess> {
  const env = productionEnv(databaseUrl, {
    PORT: String(port),
    // Nothing listens there: the app only queues mail; the outbox is measured with the worker.
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_WORKER: 'off',
    // Webhooks go out from the worker the `webhooks` row starts, as mail does from the `outbox` row's.
    WEBHOOK_WORKER: 'off',
    INBOUND_SMTP_PORT: String(inboundPort),
    // The listener sits behind an MX that has checked the sender (bench/mail.ts).
    INBOUND_AUTHSERV_ID: 'mx.bench.example',
    // The limiter still counts every API request (its write is measured); it only never refuses.
    API_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  return startProcess('server.js', env, /listening/, [...productionNodeArgs(), ...nodeArgs], build);
}

export function startWorker(
  databaseUrl: string,
  smtpPort: number,
  nodeArgs: string[] = [],
  extra: Record<string, string> = {},
): Promise<ChildProcess> {
  const env = productionEnv(databaseUrl, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'info', ...extra });
  return startProcess('worker.js', env, /mail and webhook worker running/, nodeArgs);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The demo's owner of ABC Company and its helpdesk agent, as the benchmarks sign in. */
export const OWNER = { email: 'propietario@abc.example', password: DEMO_PASSWORD };
export const AGENT = { email: 'soporte@cuentas.example', password: DEMO_PASSWORD };

/** Signs in through the real form; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie = page.headers.getSetCookie()[0]?.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!cookie || !csrf) throw new Error(`the sign-in page gave no session or CSRF token (${page.status})`);
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const signedIn = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cuentas.sid='));
  if (response.status !== 303 || !signedIn) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return signedIn;
}
