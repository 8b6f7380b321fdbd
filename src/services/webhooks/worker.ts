import { pollEvery, type Poller } from '../../domain/polling';
import type { WebhookDeliverer } from './deliver';

export type WebhookWorker = Poller;

/**
 * Polls for due webhook deliveries and sends them, in the web process or `npm run worker`; any
 * number of workers share the table (FOR UPDATE SKIP LOCKED). Keeps draining while full batches
 * come back, then waits `intervalMs`.
 */
export function startWebhookWorker(
  deliverer: WebhookDeliverer,
  options: { intervalMs?: number; batch?: number; onError?: (err: unknown) => void } = {},
): WebhookWorker {
  const batch = options.batch ?? 64;
  return pollEvery(
    options.intervalMs ?? 1000,
    async (stopped) => {
      while (!stopped()) {
        const counts = await deliverer.deliverDue(batch);
        if (counts.delivered + counts.retried + counts.failed < batch) break;
      }
    },
    options.onError,
  );
}
