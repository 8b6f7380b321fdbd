import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/knex';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.CUENTAS_TEST_SERVER_URL;
  if (!url) throw new Error('CUENTAS_TEST_SERVER_URL is unset: run the tests through jest (test/global-setup.mjs)');
  return url;
}

export function databaseUrl(name: string): string {
  const u = new URL(serverUrl());
  u.pathname = '/' + name;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: each test file is independent. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cuentas_test_${randomBytes(6).toString('hex')}`;
  const template = process.env.CUENTAS_TEST_TEMPLATE ?? 'cuentas_test_template';
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrl(name);
  const db = createDb(url, { poolMax: 5 });
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
