import type { WebhookDeliverer } from './deliver';

export interface WebhookWorker {
  stop(): Promise<void>;
}

/**
 * Polls for due webhook deliveries and sends them, in the web process or `npm run worker`; any
 * number of workers share the table (FOR UPDATE SKIP LOCKED). Keeps draining while full batches
 * come back, then waits `intervalMs`.
 */
export function startWebhookWorker(
  deliverer: WebhookDeliverer,
  options: { intervalMs?: number; batch?: number; onError?: (err: unknown) => void } = {},
): WebhookWorker {
  const intervalMs = options.intervalMs ?? 1000;
  const batch = options.batch ?? 64;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    try {
      while (!stopped) {
        const counts = await deliverer.deliverDue(batch);
        if (counts.delivered + counts.retried + counts.failed < batch) break;
      }
    } catch (err) {
      options.onError?.(err);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
