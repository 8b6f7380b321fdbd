import net from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** The most messages that were being received at once (their data in, not yet answered). */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives; `refuse` answers every message with
 * 550, `refuseWith` with that code (451: try again later); `delayMs` makes it a slow relay that
 * answers each message only after that long (the message counts as received when it answers);
 * `refuseTo` refuses only the messages to these addresses, each with its code.
 */
export async function startSmtpSink(
  options: {
    port?: number;
    refuse?: boolean;
    refuseWith?: number;
    delayMs?: number;
    refuseTo?: Record<string, number>;
  } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => setTimeout(answer, options.delayMs ?? 0));
      function answer() {
        inFlight -= 1;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const refusedWith = to.map((address) => options.refuseTo?.[address]).find(Boolean);
        if (options.refuse || options.refuseWith || refusedWith)
          return callback(
            Object.assign(new Error('Mailbox unavailable'), {
              responseCode: refusedWith ?? options.refuseWith ?? 550,
            }),
          );
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        return callback();
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An SMTP server that accepts connections and never says a word (a hung mail server). */
export async function startSilentSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
