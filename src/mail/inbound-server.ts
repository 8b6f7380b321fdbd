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

/**
 * A real SMTP listener for mail to the support address. Oversized messages are refused with 552
 * (announced with SIZE, checked again on the data); other recipients with 550. What is accepted is
 * handed to `file` before the 250 is sent, so a message is never acknowledged and then lost.
 */
export async function startInboundSmtp(options: {
  port: number;
  host: string;
  maxBytes: number;
  supportAddress: string;
  file: (raw: Buffer) => Promise<unknown>;
  onError?: (err: unknown) => void;
}): Promise<InboundSmtp> {
  const server = new SMTPServer({
    name: 'cuentas',
    banner: 'Cuentas helpdesk',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
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
    onData(stream: SMTPServerDataStream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError('Message too large', 552));
        options.file(Buffer.concat(chunks)).then(
          () => callback(),
          (err: unknown) => {
            options.onError?.(err);
            callback(smtpError('Temporary failure, try again later', 451));
          },
        );
        return undefined;
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
  file: (raw: Buffer) => Promise<unknown>,
): Promise<InboundSmtp> {
  const { config, logger } = deps;
  const smtp = await startInboundSmtp({
    port: config.inbound.smtpPort ?? 0,
    host: config.inbound.smtpHost,
    maxBytes: config.inbound.maxBytes,
    supportAddress: config.supportEmail,
    file: async (raw) => logger.info({ filed: await file(raw) }, 'inbound mail'),
    onError: (err) => logger.error({ err }, 'inbound mail failed'),
  });
  logger.info(`inbound SMTP for ${config.supportEmail} on ${config.inbound.smtpHost}:${smtp.port}`);
  return smtp;
}
