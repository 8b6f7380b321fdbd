import { pollEvery, type Poller } from '../domain/polling';
import { OUTBOX_BATCH, type Mailer } from './outbox';

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
    /** Messages claimed and sent at once. */
    batchSize?: number;
  } = {},
): Worker {
  const intervalMs = options.intervalMs ?? 2000;
  const batchSize = options.batchSize ?? OUTBOX_BATCH;
  let lastHousekeeping = 0;
  return pollEvery(
    intervalMs,
    async (stopped) => {
      // Keep draining while full batches come back: a long queue is sent without pausing between
      // passes, while the work before a pass still runs once an interval and housekeeping every ten
      // minutes.
      for (let lastBefore = -Infinity; ;) {
        if (Date.now() - lastBefore >= intervalMs) {
          lastBefore = Date.now();
          await options.beforePass?.();
        }
        const counts = await mailer.deliverDue(batchSize);
        if (options.housekeeping && Date.now() - lastHousekeeping > 10 * 60_000) {
          lastHousekeeping = Date.now();
          await options.housekeeping();
        }
        if (stopped() || counts.sent + counts.retried + counts.failed < batchSize) break;
      }
    },
    options.onError,
  );
}
