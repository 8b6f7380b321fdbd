import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';

export type MailTransport = Transporter;

/**
 * SMTP transport with timeouts in seconds, not nodemailer's defaults (30 s greeting, 2 min
 * connection), so a dead server is noticed quickly. No pooling: the worker sends in small batches.
 */
export function createMailTransport(smtpUrl: string, timeoutMs = 10_000): MailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  } as TransportOptions);
}
