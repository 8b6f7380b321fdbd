import type { Express } from 'express';
import pino from 'pino';
import type pg from 'pg';
import { createApp } from '../../src/app';
import type { AppDeps } from '../../src/app-deps';
import { loadConfig, type Config } from '../../src/config';
import { createDb, createPgPool, type Db } from '../../src/db/knex';
import { createI18n } from '../../src/i18n';
import { createMailer, type Mailer } from '../../src/mail/outbox';
import { createMailTransport } from '../../src/mail/transport';
import { createTestDatabase, type TestDatabase } from './db';
import { testDns } from './mail-auth';

export interface TestApp {
  app: Express;
  db: Db;
  deps: AppDeps;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The test configuration. Two-factor sign-in is required of nobody unless a test asks
 * (TWO_FACTOR_REQUIRED_FOR; the default outside tests is staff,partner): the tests that sign in as
 * staff or partners are about other things, and test/requests/two-factor.test.ts covers the rule.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    TWO_FACTOR_REQUIRED_FOR: '',
    ...env,
  });
}

/**
 * The real app on its own database. `databaseUrl` points the app elsewhere (e.g. through a proxy
 * that a test can cut) while `db` stays the direct connection for arranging and checking data.
 */
export async function buildTestApp(
  options: {
    env?: Record<string, string>;
    databaseUrl?: (url: string) => string;
    smtpUrl?: string;
    clock?: () => Date;
    /** DNS for inbound mail checks; by default every domain sends from loopback (see testDns). */
    dnsResolver?: AppDeps['dnsResolver'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const appUrl = options.databaseUrl ? options.databaseUrl(database.url) : database.url;
  const config = testConfig({ DATABASE_URL: appUrl, ...(options.env ?? {}) });
  const logger = pino({ level: 'silent' });
  const appDb = appUrl === database.url ? database.db : createDb(appUrl, { poolMax: 5 });
  const sessionPool: pg.Pool = createPgPool(appUrl, () => undefined, 3);
  const transport = options.smtpUrl ? createMailTransport(options.smtpUrl, 2000) : null;
  const mailer: Mailer = createMailer({ db: appDb, transport, from: config.mailFrom, messageIdDomain: 'cuentas.test' });
  const deps: AppDeps = {
    config,
    db: appDb,
    sessionPool,
    mailer,
    logger,
    i18n: createI18n(config.projectRoot),
    clock: options.clock ?? (() => new Date()),
    dnsResolver: options.dnsResolver ?? testDns(),
  };
  const app = createApp(deps);
  return {
    app,
    db: database.db,
    deps,
    config,
    database,
    async close() {
      transport?.close();
      await sessionPool.end();
      if (appDb !== database.db) await appDb.destroy();
      await database.drop();
    },
  };
}
