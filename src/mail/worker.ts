import type { Mailer } from './outbox';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Polls the outbox and delivers what is due. Several workers (in-process or `npm run worker`)
 * share the outbox safely: rows are claimed with FOR UPDATE SKIP LOCKED.
 */
export function startOutboxWorker(
  mailer: Mailer,
  options: {
    intervalMs?: number;
    onError?: (err: unknown) => void;
    housekeeping?: () => Promise<unknown>;
    /** Work that writes mail, done at the start of every pass (e.g. the recorded reset requests). */
    beforePass?: () => Promise<unknown>;
  } = {},
): Worker {
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastHousekeeping = 0;

  async function tick(): Promise<void> {
    try {
      await options.beforePass?.();
      // Keep draining while full batches come back.
      for (let batch = 0; batch < 50 && !stopped; batch++) {
        const counts = await mailer.deliverDue();
        if (counts.sent + counts.retried + counts.failed === 0) break;
      }
      if (options.housekeeping && Date.now() - lastHousekeeping > 10 * 60_000) {
        lastHousekeeping = Date.now();
        await options.housekeeping();
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
