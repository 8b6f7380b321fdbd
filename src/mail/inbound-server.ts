import type net from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Logger } from 'pino';
import type { Config } from '../config';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Who may hold the listener, and for how long: a bound on connections and on idle time. */
export interface InboundLimits {
  /** Connections at once, from everyone (421 past it). */
  maxClients: number;
  /** Connections at once from one client address (421 past it). */
  maxClientsPerAddress: number;
  /** A connection that sends nothing for this long is closed (421). */
  idleMs: number;
}

export const DEFAULT_INBOUND_LIMITS: InboundLimits = { maxClients: 100, maxClientsPerAddress: 10, idleMs: 60_000 };

/** What the SMTP session knew about a message: the client and its envelope, for SPF. */
export interface InboundEnvelope {
  ip: string;
  helo: string;
  mailFrom: string;
}

/**
 * Keeps a message's bytes up to `maxBytes` as they arrive; past that it keeps nothing more and only
 * counts, so a client streaming gigabytes costs the memory of one chunk at a time.
 */
function collectUpTo(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | null = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) chunks = null;
      else chunks?.push(chunk);
    });
    stream.on('end', () => resolve(chunks && !stream.sizeExceeded ? Buffer.concat(chunks, size) : null));
    stream.on('error', reject);
  });
}

/**
 * A real SMTP listener for mail to the support address. Oversized messages are refused with 552
 * (announced with SIZE, counted again as the data arrives, never held past the limit); other
 * recipients with 550; connections past the limits, and idle ones, with 421. What is accepted is
 * handed to `file` before the 250 is sent, so a message is never acknowledged and then lost.
 */
export async function startInboundSmtp(
  options: {
    port: number;
    host: string;
    maxBytes: number;
    supportAddress: string;
    file: (raw: Buffer, envelope: InboundEnvelope) => Promise<unknown>;
    onError?: (err: unknown) => void;
  } & Partial<InboundLimits>,
): Promise<InboundSmtp> {
  const limits = { ...DEFAULT_INBOUND_LIMITS, ...options };
  const perAddress = new Map<string, number>();
  const counted = new Set<string>();
  const server = new SMTPServer({
    name: 'cuentas',
    banner: 'Cuentas helpdesk',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
    maxClients: limits.maxClients,
    socketTimeout: limits.idleMs,
    // A PTR lookup per connection would let whoever controls the client's reverse zone stall it.
    disableReverseLookup: true,
    onConnect(session, callback) {
      const address = session.remoteAddress;
      const open = perAddress.get(address) ?? 0;
      if (open >= limits.maxClientsPerAddress)
        return callback(smtpError('Too many connections from your address, try again later', 421));
      perAddress.set(address, open + 1);
      counted.add(session.id);
      return callback();
    },
    onClose(session) {
      if (!counted.delete(session.id)) return;
      const open = (perAddress.get(session.remoteAddress) ?? 1) - 1;
      if (open > 0) perAddress.set(session.remoteAddress, open);
      else perAddress.delete(session.remoteAddress);
    },
    onMailFrom(address, _session, callback) {
      const args = address.args as Record<string, string> | false;
      const declared = Number(args ? (args.SIZE ?? 0) : 0);
      if (declared > options.maxBytes) return callback(smtpError('Message too large', 552));
      return callback();
    },
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() !== options.supportAddress)
        return callback(smtpError('No such mailbox here', 550));
      return callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const envelope: InboundEnvelope = {
        ip: session.remoteAddress,
        helo: session.hostNameAppearsAs,
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      };
      collectUpTo(stream, options.maxBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError('Message too large', 552));
          await options.file(raw, envelope);
          return callback();
        })
        .catch((err: unknown) => {
          options.onError?.(err);
          callback(smtpError('Temporary failure, try again later', 451));
        });
    },
  });
  server.on('error', (err) => options.onError?.(err));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = (server as unknown as { server: net.Server }).server.address() as net.AddressInfo;
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The listener configured from the app's settings, filing into the app's database. */
export async function startConfiguredInboundSmtp(
  deps: { config: Config; logger: Logger },
  file: (raw: Buffer, envelope: InboundEnvelope) => Promise<unknown>,
): Promise<InboundSmtp> {
  const { config, logger } = deps;
  const smtp = await startInboundSmtp({
    port: config.inbound.smtpPort ?? 0,
    host: config.inbound.smtpHost,
    maxBytes: config.inbound.maxBytes,
    supportAddress: config.supportEmail,
    maxClients: config.inbound.maxClients,
    maxClientsPerAddress: config.inbound.maxClientsPerAddress,
    idleMs: config.inbound.idleSeconds * 1000,
    file: async (raw, envelope) => logger.info({ filed: await file(raw, envelope) }, 'inbound mail'),
    onError: (err) => logger.error({ err }, 'inbound mail failed'),
  });
  logger.info(`inbound SMTP for ${config.supportEmail} on ${config.inbound.smtpHost}:${smtp.port}`);
  return smtp;
}
