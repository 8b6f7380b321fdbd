import net from 'node:net';

/** A TCP proxy to PostgreSQL that a test can cut and restore, to play "the database went away". */
export interface CuttableProxy {
  port: number;
  /** Closes every connection and refuses new ones. */
  cut(): void;
  restore(): void;
  /**
   * Plays a frozen server (SIGSTOP, a storage stall): connections stay open and new ones are
   * accepted, but nothing is passed on either way until `thaw`.
   */
  freeze(): void;
  thaw(): void;
  /** Only the connections open now stall (a stuck backend); new ones work. `thaw` ends it. */
  stallOpenConnections(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  let open = true;
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const stalled = new Set<net.Socket>();
  const held: (() => void)[] = [];

  function relay(from: net.Socket, to: net.Socket) {
    from.on('data', (chunk: Buffer) => {
      if (!frozen && !stalled.has(from)) to.write(chunk);
      else held.push(() => to.write(chunk));
    });
  }

  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    relay(client, upstream);
    relay(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    freeze() {
      frozen = true;
    },
    stallOpenConnections() {
      for (const s of sockets) stalled.add(s);
    },
    thaw() {
      frozen = false;
      stalled.clear();
      for (const write of held.splice(0)) write();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
