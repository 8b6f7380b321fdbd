/* npm run worker: delivers the mail outbox and the webhooks in its own process (any number may run side by side). */
import { startOutboxWorker } from './mail/worker';
import { appDeps, runProcess } from './runtime';
import { processPasswordResetRequests } from './services/password-resets';
import { pruneFormKeys } from './models/form-keys';
import { pruneExpired } from './services/housekeeping';
import { createWebhookDeliverer } from './services/webhooks/deliver';
import { startWebhookWorker } from './services/webhooks/worker';

runProcess(async (config, runtime) => {
  const { logger } = runtime;
  const deps = appDeps(config, runtime);
  if (!runtime.mailer.delivers) logger.warn('no SMTP_URL: nothing will be delivered; mail stays in the outbox');
  const worker = startOutboxWorker(runtime.mailer, {
    onError: (err) => logger.warn({ err }, 'mail worker pass failed'),
    housekeeping: () =>
      Promise.all([
        pruneExpired(runtime.db, { webhookRetentionDays: config.webhookRetentionDays }),
        pruneFormKeys(runtime.db),
      ]),
    beforePass: () => processPasswordResetRequests(deps),
  });
  const webhooks = startWebhookWorker(createWebhookDeliverer({ deps }), {
    onError: (err) => logger.warn({ err }, 'webhook worker pass failed'),
  });
  logger.info('mail and webhook worker running');
  return {
    async stop() {
      await worker.stop();
      await webhooks.stop();
    },
  };
});
