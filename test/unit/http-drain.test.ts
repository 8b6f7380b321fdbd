import http from 'node:http';
import type net from 'node:net';
import { trackForDrain } from '../../src/http-drain';

// Issue 11, item 4: SIGTERM under keep-alive load: stop accepting, answer what is in flight and
// what arrives on open connections with `Connection: close`, then close — never a reset.
it('drains keep-alive connections under load without a single reset', async () => {
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.end('ok'), 5 + Math.random() * 10);
  });
  const drain = trackForDrain(server, { idleGraceMs: 300, forceAfterMs: 5000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  const outcome = { ok: 0, closing: 0, refused: 0, reset: 0, other: [] as string[] };
  // A client told `Connection: close` stops, as a load balancer takes a draining server out of
  // rotation (a new connection racing the closing listener would be reset by the kernel).
  const get = () =>
    new Promise<'again' | 'stop'>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          outcome.ok++;
          if (res.headers.connection !== 'close') return resolve('again');
          outcome.closing++;
          return resolve('stop');
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') outcome.refused++;
        else if (err.code === 'ECONNRESET' || err.message === 'socket hang up') outcome.reset++;
        else outcome.other.push(err.message);
        resolve('stop');
      });
    });
  // Eight clients, back to back, at most 150 requests each.
  const loops = Array.from({ length: 8 }, async () => {
    for (let i = 0; i < 150; i++) if ((await get()) === 'stop') break;
  });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const drained = drain.drain();
  await Promise.all(loops);
  await drained;
  agent.destroy();

  expect(outcome.reset).toBe(0);
  expect(outcome.other).toEqual([]);
  expect(outcome.ok).toBeGreaterThan(30);
  expect(outcome.closing).toBe(8);
  expect(server.listening).toBe(false);
});
