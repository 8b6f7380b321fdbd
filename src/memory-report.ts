import v8 from 'node:v8';

/** MB with one decimal. */
const mb = (bytes: number) => Math.round(bytes / 104857.6) / 10;

/**
 * What the process's memory is made of, in MB: the resident set, V8's heap (reserved and used,
 * and each of its spaces: the young generation is `new_space`, compiled code `code_space`…),
 * the memory outside the heap that JavaScript objects hold (`external`: Buffers, strings handed
 * to C++), and of it the ArrayBuffers'.
 */
export function memoryFigures(): Record<string, unknown> {
  const usage = process.memoryUsage();
  const spaces: Record<string, { size: number; used: number }> = {};
  for (const space of v8.getHeapSpaceStatistics())
    spaces[space.space_name] = { size: mb(space.space_size), used: mb(space.space_used_size) };
  return {
    rss: mb(usage.rss),
    heapTotal: mb(usage.heapTotal),
    heapUsed: mb(usage.heapUsed),
    external: mb(usage.external),
    arrayBuffers: mb(usage.arrayBuffers),
    spaces,
  };
}

/**
 * `kill -USR2 PID` prints one JSON line of memoryFigures() on stderr, whatever LOG_LEVEL is, and
 * the process goes on (without the handler SIGUSR2 would end it). Nothing of it is served over HTTP.
 */
export function reportMemoryOnSignal(): void {
  process.on('SIGUSR2', () => {
    process.stderr.write(`${JSON.stringify({ msg: 'memory (MB)', pid: process.pid, ...memoryFigures() })}\n`);
  });
}
