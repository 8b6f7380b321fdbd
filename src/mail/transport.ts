import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';

export type MailTransport = Transporter;

/** SMTP connections the transport keeps open and sends on side by side. */
export const SMTP_CONNECTIONS = 5;

/**
 * SMTP transport with timeouts in seconds, not nodemailer's defaults (30 s greeting, 2 min
 * connection), so a dead server is noticed quickly. Connections are pooled and reused: opening one
 * per message costs the server's greeting each time (smtp-server waits 100 ms before it greets, so
 * the outbox delivered 9 messages a second instead of hundreds).
 */
export function createMailTransport(smtpUrl: string, timeoutMs = 10_000): MailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: 100,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  } as TransportOptions);
}
