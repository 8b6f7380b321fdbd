import type { Server } from 'node:http';
import type net from 'node:net';
import { buildTestApp, type TestApp } from './app';

export interface RunningApp extends TestApp {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The real app on a loopback port, for a browser. */
export async function startTestServer(options: Parameters<typeof buildTestApp>[0] = {}): Promise<RunningApp> {
  const t = await buildTestApp(options);
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    ...t,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}
