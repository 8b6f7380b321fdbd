/*
 * Starts the web app: database (embedded unless DATABASE_URL), migrations, demo data, mail worker.
 * With WEB_CONCURRENCY > 1 this process becomes a node:cluster primary (src/cluster.ts) that
 * prepares the database once and forks that many of these web processes.
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app';
import { trackForDrain } from './http-drain';
import { loadConfig } from './config';
import type { InboundSmtp } from './mail/inbound-server';
import { startOutboxWorker, type Worker } from './mail/worker';
import { startInboundListener } from './inbound-listener';
import { appDeps, createLogger, openRuntime } from './runtime';
import { processPasswordResetRequests } from './services/password-resets';
import { pruneFormKeys } from './models/form-keys';
import { pruneExpired } from './services/housekeeping';
import { runWebCluster } from './cluster';
import { reportMemoryOnSignal } from './memory-report';
import { prepareDatabase, startupBanner } from './startup';
import { createWebhookDeliverer } from './services/webhooks/deliver';
import { startWebhookWorker, type WebhookWorker } from './services/webhooks/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (config.webConcurrency > 1 && cluster.isPrimary) return runWebCluster(config, logger);
  const runtime = await openRuntime(config, logger);
  const { db } = runtime;
  // In a cluster, the primary prepared the database before forking this process.
  if (cluster.isPrimary) await prepareDatabase(config, logger, db);

  const deps = appDeps(config, runtime);
  const app = createApp(deps);
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const http = trackForDrain(server);

  let inbound: InboundSmtp | null = null;
  if (config.inbound.smtpPort !== null) inbound = await startInboundListener(deps);

  let worker: Worker | null = null;
  if (config.mailWorker === 'inprocess') {
    worker = startOutboxWorker(runtime.mailer, {
      onError: (err) => logger.warn({ err }, 'mail worker pass failed'),
      housekeeping: () =>
        Promise.all([pruneExpired(db, { webhookRetentionDays: config.webhookRetentionDays }), pruneFormKeys(db)]),
      beforePass: () => processPasswordResetRequests(deps),
    });
  }

  let webhooks: WebhookWorker | null = null;
  if (config.webhookWorker === 'inprocess')
    webhooks = startWebhookWorker(createWebhookDeliverer({ deps }), {
      onError: (err) => logger.warn({ err }, 'webhook worker pass failed'),
    });

  if (cluster.isPrimary) console.log(startupBanner(config));

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
    await webhooks?.stop();
    await runtime.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  reportMemoryOnSignal();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
