/* npm run worker: delivers the mail outbox in its own process (any number may run side by side). */
import { startOutboxWorker } from './mail/worker';
import { runProcess } from './runtime';
import { pruneExpired } from './services/housekeeping';

runProcess(async (_config, runtime) => {
  const { logger } = runtime;
  if (!runtime.mailer.delivers) logger.warn('no SMTP_URL: nothing will be delivered; mail stays in the outbox');
  const worker = startOutboxWorker(runtime.mailer, {
    onError: (err) => logger.warn({ err }, 'mail worker pass failed'),
    housekeeping: () => pruneExpired(runtime.db),
  });
  logger.info('mail worker running');
  return worker;
});
