/* npm run worker: delivers the mail outbox in its own process (any number may run side by side). */
import { loadConfig } from './config';
import { migrateLatest } from './db/migrations';
import { startOutboxWorker } from './mail/worker';
import { createLogger, openRuntime } from './runtime';
import { pruneLimits } from './services/rate-limits';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  await migrateLatest(runtime.db);
  if (!runtime.mailer.delivers) logger.warn('no SMTP_URL: nothing will be delivered; mail stays in the outbox');
  const worker = startOutboxWorker(runtime.mailer, {
    onError: (err) => logger.warn({ err }, 'mail worker pass failed'),
    housekeeping: () => pruneLimits(runtime.db),
  });
  logger.info('mail worker running');
  const stop = async () => {
    await worker.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
