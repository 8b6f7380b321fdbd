import { pollEvery, type Poller } from '../domain/polling';
import type { Mailer } from './outbox';

export type Worker = Poller;

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
  let lastHousekeeping = 0;
  return pollEvery(
    options.intervalMs ?? 2000,
    async (stopped) => {
      await options.beforePass?.();
      // Keep draining while full batches come back.
      for (let batch = 0; batch < 50 && !stopped(); batch++) {
        const counts = await mailer.deliverDue();
        if (counts.sent + counts.retried + counts.failed === 0) break;
      }
      if (options.housekeeping && Date.now() - lastHousekeeping > 10 * 60_000) {
        lastHousekeeping = Date.now();
        await options.housekeeping();
      }
    },
    options.onError,
  );
}
