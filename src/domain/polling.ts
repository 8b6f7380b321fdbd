/** A loop that stops: what the outbox worker and the webhook worker both run. */
export interface Poller {
  /** No new pass starts; resolves when the pass under way has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (the wait counts from the end of the previous pass, so passes never
 * overlap). `pass` is told whether a stop was asked, to end a long drain early; its errors go to
 * `onError` and the loop goes on. The timer does not keep the process alive.
 */
export function pollEvery(
  intervalMs: number,
  pass: (stopped: () => boolean) => Promise<void>,
  onError?: (err: unknown) => void,
): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass(isStopped)
        .catch((err: unknown) => onError?.(err))
        .finally(schedule);
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
