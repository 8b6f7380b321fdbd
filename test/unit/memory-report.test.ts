import { memoryFigures, reportMemoryOnSignal } from '../../src/memory-report';

/** Issue 24 (memory): what the process's memory is made of, printed on SIGUSR2, never served. */

test('the figures name the resident set, the heap and each heap space in MB', () => {
  const figures = memoryFigures() as {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    spaces: Record<string, { size: number; used: number }>;
  };
  expect(figures.rss).toBeGreaterThan(figures.heapUsed);
  expect(figures.heapUsed).toBeLessThanOrEqual(figures.heapTotal);
  expect(Object.keys(figures)).toEqual(expect.arrayContaining(['external', 'arrayBuffers']));
  expect(figures.spaces.new_space.size).toBeGreaterThan(0);
  expect(figures.spaces.old_space.used).toBeGreaterThan(0);
});

test('SIGUSR2 prints one JSON line on stderr and the process goes on', () => {
  const before = process.listeners('SIGUSR2');
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    reportMemoryOnSignal();
    const added = process.listeners('SIGUSR2').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0][0]);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      msg: 'memory (MB)',
      pid: process.pid,
      spaces: expect.any(Object) as object,
    });
    for (const listener of added) process.removeListener('SIGUSR2', listener);
  } finally {
    write.mockRestore();
  }
});
