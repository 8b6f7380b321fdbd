import pino, { type Logger } from 'pino';
import type pg from 'pg';
import type { AppDeps } from './app-deps';
import { loadConfig, type Config } from './config';
import { createI18n } from './i18n';
import { openDatabaseServer, type DatabaseServer } from './db/database';
import { createDb, createPgPool, type Db } from './db/knex';
import { prepareSchema } from './db/migrate-lock';
import { createMailer, type Mailer } from './mail/outbox';
import { createMailTransport } from './mail/transport';
import { reportMemoryOnSignal } from './memory-report';

/** The long-lived resources shared by the web server and the worker. */
export interface Runtime {
  logger: Logger;
  server: DatabaseServer;
  db: Db;
  sessionPool: pg.Pool;
  mailer: Mailer;
  close(): Promise<void>;
}

/** What createApp and the mail services run on, from an open runtime. */
export function appDeps(config: Config, runtime: Runtime): AppDeps {
  return {
    config,
    db: runtime.db,
    sessionPool: runtime.sessionPool,
    mailer: runtime.mailer,
    logger: runtime.logger,
    i18n: createI18n(config.projectRoot),
    clock: () => new Date(),
  };
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}

export function messageIdDomain(config: Config): string {
  const match = /@([^>\s]+)>?\s*$/.exec(config.mailFrom);
  return match?.[1] ?? new URL(config.baseUrl).hostname;
}

export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const server = await openDatabaseServer(config, (message) => logger.info(message));
  const onPoolError = (err: Error) => logger.warn({ err }, 'idle database connection lost');
  const db = createDb(server.url, {
    timeouts: config.databaseTimeouts,
    onPoolError,
    log: (level, message) => logger.warn({ knex: level }, String(message)),
  });
  const sessionPool = createPgPool(server.url, onPoolError, 5, config.databaseTimeouts);
  const transport = config.smtpUrl ? createMailTransport(config.smtpUrl) : null;
  const mailer = createMailer({
    db,
    transport,
    from: config.mailFrom,
    messageIdDomain: messageIdDomain(config),
    onError: (err) => logger.warn({ err }, 'mail outcome not recorded'),
  });
  return {
    logger,
    server,
    db,
    sessionPool,
    mailer,
    async close() {
      await db.destroy();
      await sessionPool.end();
      transport?.close();
      await server.stop();
    },
  };
}

/**
 * Runs a background process (worker, inbound listener): config, runtime and the schema (migrated
 * under the lock, or only checked in production), then
 * `start`; SIGTERM/SIGINT stop what it started, then the runtime.
 */
export function runProcess(start: (config: Config, runtime: Runtime) => Promise<{ stop(): Promise<void> }>): void {
  (async () => {
    const config = loadConfig();
    const runtime = await openRuntime(config, createLogger(config));
    await prepareSchema(config, runtime.db);
    const started = await start(config, runtime);
    const stop = async () => {
      await started.stop();
      await runtime.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    process.on('SIGINT', () => void stop());
    reportMemoryOnSignal();
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
