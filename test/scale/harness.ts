/*
 * The pieces of the scale-out test (test/scale/run.ts): a PostgreSQL, app processes started exactly
 * as in production (node dist/src/server.js, node dist/src/worker.js), nginx on the repository's
 * deploy/nginx.conf, an SMTP sink, and a small HTTP client with a cookie jar. Everything listens on
 * loopback and is stopped by the test itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
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

/**
 * Every process the test started, killed with its process group if the test itself dies first
 * (an exception, the watchdog): nothing outlives the run.
 */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of started) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function track<T extends ChildProcess>(child: T): T {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined/false) or `ms` pass. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// ---- app processes -------------------------------------------------------------------------

/** One process the test started: its output is kept, so the test can tell which process served a request. */
export class AppProcess {
  child: ChildProcess | null = null;
  private readonly requestIds = new Set<string>();
  readonly lines: string[] = [];
  exits: { code: number | null; signal: NodeJS.Signals | null }[] = [];
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly label: string,
    readonly script: string,
    readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  start(): void {
    const child = track(
      spawn(process.execPath, [this.script], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: a cluster's web processes go with it if the test must kill it.
        detached: true,
      }),
    );
    this.child = child;
    const log = fs.createWriteStream(this.logFile, { flags: 'a' });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.lines.push(line);
        const id = /"req":\{"id":"([0-9a-f-]{36})"/.exec(line)?.[1];
        if (id) this.requestIds.add(id);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exits.push({ code, signal });
        this.child = null;
        log.end();
        resolve();
      }),
    );
  }

  get running(): boolean {
    return this.child !== null;
  }

  served(requestId: string): boolean {
    return this.requestIds.has(requestId);
  }

  /** How many requests this process has logged so far. */
  get requestCount(): number {
    return this.requestIds.size;
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    graceMs = 20_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
    if (!this.child) return this.exits.at(-1) ?? null;
    const child = this.child;
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(force);
    return this.exits.at(-1) ?? null;
  }

  tail(n = 15): string {
    return this.lines.slice(-n).join('\n');
  }
}

/** Resolves with the label of the process that logged this request id (logs are written just after the answer). */
export async function servedBy(processes: AppProcess[], requestId: string): Promise<string> {
  return waitFor(`the log line of request ${requestId}`, () => processes.find((p) => p.served(requestId))?.label, 5000);
}

// ---- nginx ---------------------------------------------------------------------------------

/**
 * Debian's nginx as a foreground child, with its own prefix under `dir`: the repository's
 * deploy/nginx.conf itself (a symbolic link, so its includes resolve beside it) and the two
 * site-specific files it includes, generated here with loopback ports.
 */
export class Nginx {
  child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(
    readonly dir: string,
    readonly port: number,
    readonly upstreams: number[],
  ) {}

  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'temp'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'deploy/nginx.conf'), path.join(this.dir, 'nginx.conf'));
    fs.writeFileSync(
      path.join(this.dir, 'cuentas-upstreams.conf'),
      this.upstreams.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;\n`).join(''),
    );
    fs.writeFileSync(path.join(this.dir, 'cuentas-listen.conf'), `listen 127.0.0.1:${this.port};\n`);
    const child = spawn(
      '/usr/sbin/nginx',
      [
        '-p',
        this.dir + '/',
        '-c',
        path.join(this.dir, 'nginx.conf'),
        '-e',
        path.join(this.dir, 'logs/error.log'),
        '-g',
        'daemon off;',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    track(child);
    this.child = child;
    child.stdout.on('data', (c: Buffer) => this.output.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => this.output.push(c.toString()));
    child.once('exit', () => (this.child = null));
    await waitFor('nginx to listen', () => canConnect(this.port).then((ok) => ok || undefined), 10_000);
  }

  accessLog(): string[] {
    const file = path.join(this.dir, 'logs/access.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// ---- SMTP sink -----------------------------------------------------------------------------

export interface SinkMessage {
  messageId: string;
  receivedAt: number;
}

/** A real SMTP server on loopback that keeps each message's Message-ID (no reverse DNS: it would wait on every connection). */
export async function startSink(): Promise<{ port: number; received: SinkMessage[]; close(): Promise<void> }> {
  const received: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^message-id:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
        received.push({ messageId, receivedAt: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A killed worker's connections end with a reset: expected here, not a reason to stop.
  server.on('error', () => undefined);
  const port = ((server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// ---- HTTP client ---------------------------------------------------------------------------

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  requestId: string;
}

/**
 * A browser without script: one cookie jar, each request on its own connection to nginx, from a
 * chosen loopback address (127.0.0.2 is another client than 127.0.0.1 to nginx).
 */
export class Browser {
  /** The session cookie (name=value) this browser sends; settable, to replay an old one. */
  cookie = '';
  /** The sign-in form's cookie (its CSRF token before there is a session). */
  formCookie = '';

  constructor(
    readonly port: number,
    readonly localAddress = '127.0.0.1',
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  get(pathname: string): Promise<Answer> {
    return this.request('GET', pathname);
  }

  post(pathname: string, fields: Record<string, string>): Promise<Answer> {
    return this.request('POST', pathname, new URLSearchParams(fields).toString());
  }

  request(method: string, pathname: string, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          localAddress: this.localAddress,
          method,
          path: pathname,
          agent: false,
          timeout: 30_000,
          headers: {
            ...this.extraHeaders,
            ...(this.cookie || this.formCookie
              ? { Cookie: [this.cookie, this.formCookie].filter(Boolean).join('; ') }
              : {}),
            ...(body !== undefined
              ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const set of res.headers['set-cookie'] ?? []) {
              const pair = set.split(';')[0];
              if (pair.startsWith('cuentas.sid=')) this.cookie = /Expires=Thu, 01 Jan 1970/i.test(set) ? '' : pair;
              if (pair.startsWith('cuentas.form=')) this.formCookie = pair;
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              requestId: String(res.headers['x-request-id'] ?? ''),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** The CSRF token of a page's first form. */
  static csrf(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('no CSRF token on the page');
    return token;
  }

  async signIn(email: string, password: string): Promise<Answer> {
    const page = await this.get('/login');
    return this.post('/login', { email, password, _csrf: Browser.csrf(page.body) });
  }
}
