/* Starts the web app: database (embedded unless DATABASE_URL), migrations, demo data, mail worker. */
import type { Server } from 'node:http';
import { createApp } from './app';
import { trackForDrain } from './http-drain';
import { loadConfig } from './config';
import { migrateLatest } from './db/migrations';
import type { InboundSmtp } from './mail/inbound-server';
import { startOutboxWorker, type Worker } from './mail/worker';
import { startInboundListener } from './services/inbound-filing';
import { appDeps, createLogger, openRuntime } from './runtime';
import { processPasswordResetRequests } from './services/password-resets';
import { pruneFormKeys } from './models/form-keys';
import { pruneLimits } from './services/rate-limits';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../seeds/demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  const { db } = runtime;

  const applied = await migrateLatest(db);
  if (applied.length) logger.info({ applied: applied.length }, 'migrations applied');
  if (config.seedDemo && (await seedDemo(db, config.env))) logger.info('demo data loaded');

  const deps = appDeps(config, runtime);
  const app = createApp(deps);
  const server: Server = app.listen(config.port);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const http = trackForDrain(server);

  let inbound: InboundSmtp | null = null;
  if (config.inbound.smtpPort !== null) inbound = await startInboundListener(deps);

  let worker: Worker | null = null;
  if (config.mailWorker === 'inprocess') {
    worker = startOutboxWorker(runtime.mailer, {
      onError: (err) => logger.warn({ err }, 'mail worker pass failed'),
      housekeeping: () => Promise.all([pruneLimits(db), pruneFormKeys(db)]),
      beforePass: () => processPasswordResetRequests(deps),
    });
  }

  const lines = [`Cuentas is listening on ${config.baseUrl} (port ${config.port})`];
  if (config.seedDemo) {
    lines.push(`Demo logins, all with the password ${DEMO_PASSWORD}:`);
    for (const login of DEMO_LOGINS) lines.push(`  ${login.email.padEnd(26)} ${login.who}`);
    if (config.twoFactorRequiredFor.length)
      lines.push(
        `Two-step verification is required for ${config.twoFactorRequiredFor.join(', ')}: those logins set up an ` +
          'authenticator app at their first sign-in (TWO_FACTOR_REQUIRED_FOR= turns the requirement off).',
      );
  }
  if (!runtime.mailer.delivers && config.env !== 'production')
    lines.push(`No SMTP_URL: e-mail stays in the outbox, see ${config.baseUrl}/dev/mail`);
  console.log(lines.join('\n'));

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Every reply says `Connection: close`, idle keep-alive connections close after a second, and
    // requests still running after 10 s are cut off.
    await http.drain();
    await inbound?.close();
    await worker?.stop();
    await runtime.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
