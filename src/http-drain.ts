import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

export interface DrainOptions {
  /**
   * How long an idle keep-alive connection stays open once draining starts (or once its last
   * response ends), for a request the client may already have sent; then it is closed.
   */
  idleGraceMs?: number;
  /** Connections still open after this are cut (a request that never ends). */
  forceAfterMs?: number;
}

export interface HttpDrain {
  readonly draining: boolean;
  /**
   * Answers what is in flight and what arrives with `Connection: close`; closes idle connections
   * after the grace; stops accepting connections once none is open, or after the grace at the
   * latest. Resolves when every connection is closed.
   */
  drain(): Promise<void>;
}

/**
 * Graceful shutdown for an HTTP/1.1 server with keep-alive clients (issue 11, item 4). Node's own
 * `server.close()` drops idle keep-alive connections at once, and a request the client sent in
 * that instant meets a reset; here a connection is closed by the server only after a response
 * that said `Connection: close`, or after it stayed idle for the grace.
 */
export function trackForDrain(server: Server, options: DrainOptions = {}): HttpDrain {
  const idleGraceMs = options.idleGraceMs ?? 1000;
  const forceAfterMs = options.forceAfterMs ?? 10_000;
  /** Requests under way per open connection. */
  const inFlight = new Map<net.Socket, number>();
  const openResponses = new Set<ServerResponse>();
  let draining = false;

  function closeIfStillIdle(socket: net.Socket): void {
    const timer = setTimeout(() => {
      if (inFlight.get(socket) === 0) socket.end();
    }, idleGraceMs);
    timer.unref();
  }

  let stopListening: () => void = () => undefined;

  server.on('connection', (socket: net.Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => {
      inFlight.delete(socket);
      if (draining && inFlight.size === 0) stopListening();
    });
    if (draining) closeIfStillIdle(socket);
  });

  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    openResponses.add(res);
    if (draining) res.setHeader('Connection', 'close');
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      openResponses.delete(res);
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (!inFlight.has(socket)) return;
      inFlight.set(socket, left);
      if (draining && left === 0) closeIfStillIdle(socket);
    };
    res.once('finish', finished);
    res.once('close', finished);
  });

  return {
    get draining() {
      return draining;
    },
    drain() {
      if (draining) return Promise.resolve();
      draining = true;
      for (const res of openResponses) if (!res.headersSent) res.setHeader('Connection', 'close');
      for (const [socket, count] of inFlight) if (count === 0) closeIfStillIdle(socket);
      const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
      force.unref();
      return new Promise<void>((resolve) => {
        let listening = true;
        // net.Server's close: stop listening and wait for the connections, without http.Server's
        // closeIdleConnections(). The listener stays open while connections are being told to
        // close (at most the grace): a connection the kernel already accepted into the backlog
        // would be reset by closing it, so it is answered with `Connection: close` instead.
        stopListening = () => {
          if (!listening) return;
          listening = false;
          net.Server.prototype.close.call(server, () => {
            clearTimeout(force);
            resolve();
          });
        };
        if (inFlight.size === 0) stopListening();
        setTimeout(stopListening, idleGraceMs).unref();
      });
    },
  };
}
