import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isEmailAddress } from '../domain/email-address';
import {
  claimDueMessages,
  claimMessage,
  insertOutboxMessage,
  insertOutboxMessages,
  markMessageFailed,
  markMessageSent,
  requeueMessage,
  type NewOutboxMessage,
  type OutboxRow,
} from '../models/mail-outbox';
import type { MailTransport } from './transport';
import type { MailCategory } from '../domain/mail-categories';

export type { OutboxRow } from '../models/mail-outbox';

export interface OutgoingMail {
  accountId?: number | null;
  category: MailCategory;
  /** Which message this is (invitation, password_reset…), for the history and tests. */
  template: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  ticketId?: number | null;
  inReplyTo?: string | null;
  /** Where replies go (ticket e-mail: the support address, which files them on the ticket). */
  replyTo?: string | null;
}

/**
 * How long a message is retried before it is given up, as mail servers do (Postfix keeps mail for
 * five days): an SMTP outage of days loses nothing. A permanent refusal (5xx) fails at once.
 */
export const GIVE_UP_AFTER_SECONDS = 5 * 24 * 3600;

/** A message still waiting this long after it was written shows as delayed on the staff console. */
export const DELAYED_AFTER_SECONDS = 30 * 60;

/** How long a request waits for "send now" before leaving the message to the outbox worker. */
export const SEND_NOW_TIMEOUT_MS = 2000;

/** Seconds to wait before attempt n+1: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600);
}

/** An SMTP answer that will not change by trying again (5xx); anything else is retried. */
export function isPermanentRefusal(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function cleanAddresses(addresses: string[]): string[] {
  const unique = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  for (const address of unique) {
    if (!isEmailAddress(address)) throw new Error(`not a deliverable address: ${JSON.stringify(address)}`);
  }
  return unique;
}

export interface Mailer {
  /** Writes the message to the outbox (inside the caller's transaction when given one). */
  enqueue(mail: OutgoingMail, trx?: Db): Promise<OutboxRow>;
  /** Several messages in one statement (a notice to each of an account's contacts). */
  enqueueAll(mails: OutgoingMail[], trx?: Db): Promise<OutboxRow[]>;
  /**
   * Delivers one queued message now; false when the server refused, could not be reached or did
   * not answer within the short timeout (then the outbox worker keeps trying).
   */
  sendNow(id: number, trx?: Db): Promise<boolean>;
  /** «Reenviar»: a failed or waiting message is tried again now, with a new window of retries. */
  requeue(id: number): Promise<boolean>;
  /** The same mailer working inside a transaction (so that "send now" sees what it just wrote). */
  within(db: Db): Mailer;
  /** Delivers what is due; what fails is retried later with backoff. */
  deliverDue(limit?: number): Promise<{ sent: number; retried: number; failed: number }>;
  /** Whether a transport is configured (without one, development keeps mail at /dev/mail). */
  readonly delivers: boolean;
}

export interface MailerOptions {
  db: Db;
  transport: MailTransport | null;
  from: string;
  messageIdDomain: string;
  /** Now; tests move it days ahead. */
  clock?: () => Date;
  sendNowTimeoutMs?: number;
  /** Where an outcome that could not be recorded is reported (the database was away). */
  onError?: (err: unknown) => void;
}

export function createMailer(options: MailerOptions): Mailer {
  const { db, transport, from, messageIdDomain } = options;
  const clock = options.clock ?? (() => new Date());
  const sendNowTimeoutMs = options.sendNowTimeoutMs ?? SEND_NOW_TIMEOUT_MS;
  const later = (seconds: number) => new Date(clock().getTime() + seconds * 1000);

  async function send(row: OutboxRow): Promise<void> {
    if (!transport) throw new Error('no mail transport configured');
    await transport.sendMail({
      from,
      to: row.to_addresses,
      cc: row.cc_addresses.length ? row.cc_addresses : undefined,
      subject: row.subject,
      text: row.text_body,
      messageId: row.message_id,
      inReplyTo: row.in_reply_to ?? undefined,
      references: row.in_reply_to ?? undefined,
      replyTo: row.reply_to ?? undefined,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Cuentas-Template': row.template },
    });
  }

  async function markFailure(row: OutboxRow, err: unknown): Promise<'retried' | 'failed'> {
    const final = isPermanentRefusal(err) || clock().getTime() >= row.retry_until.getTime();
    await markMessageFailed(db, row.id, {
      final,
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      nextAttemptAt: later(retryDelaySeconds(row.attempts)),
    });
    return final ? 'failed' : 'retried';
  }

  /** One attempt, its outcome recorded. */
  async function attempt(row: OutboxRow): Promise<'sent' | 'retried' | 'failed'> {
    try {
      await send(row);
    } catch (err) {
      return markFailure(row, err);
    }
    await markMessageSent(db, row.id);
    return 'sent';
  }

  /** The outbox row of a message: addresses checked, the subject a single line, a fresh Message-ID. */
  function outboxRow(mail: OutgoingMail): NewOutboxMessage {
    const to = cleanAddresses(mail.to);
    const cc = cleanAddresses(mail.cc ?? []).filter((a) => !to.includes(a));
    return {
      account_id: mail.accountId ?? null,
      category: mail.category,
      template: mail.template,
      to_addresses: to,
      cc_addresses: cc,
      // CR/LF never reach a header
      subject: mail.subject
        .replace(/[\r\n]+/g, ' ')
        .trim()
        .slice(0, 300),
      text_body: mail.text,
      message_id: `<${randomUUID()}@${messageIdDomain}>`,
      in_reply_to: mail.inReplyTo ?? null,
      reply_to: mail.replyTo ? cleanAddresses([mail.replyTo])[0] : null,
      ticket_id: mail.ticketId ?? null,
      next_attempt_at: clock(),
      retry_until: later(GIVE_UP_AFTER_SECONDS),
    };
  }

  return {
    delivers: transport !== null,

    async enqueue(mail, trx = db) {
      return insertOutboxMessage(trx, outboxRow(mail));
    },

    async enqueueAll(mails, trx = db) {
      return insertOutboxMessages(trx, mails.map(outboxRow));
    },

    async sendNow(id, trx) {
      // Inside the caller's transaction: the caller can roll everything back when the mail did not go.
      if (trx) return createMailer({ ...options, db: trx }).sendNow(id);
      if (!transport) return true;
      const row = await claimMessage(db, id, clock());
      if (!row) return false;
      const outcome = attempt(row).catch((err: unknown) => {
        // Not recorded (the database is away): the claim expires and the worker tries again.
        options.onError?.(err);
        return 'retried' as const;
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'waiting'>((resolve) => {
        timer = setTimeout(() => resolve('waiting'), sendNowTimeoutMs);
      });
      // A server that does not answer in time does not hold the request: the attempt goes on in
      // the background and records its outcome, and the worker retries what did not go out.
      const first = await Promise.race([outcome, timeout]);
      clearTimeout(timer);
      return first === 'sent';
    },

    within(trx) {
      return createMailer({ ...options, db: trx });
    },

    async requeue(id) {
      return requeueMessage(db, id, clock(), later(GIVE_UP_AFTER_SECONDS));
    },

    async deliverDue(limit = 50) {
      const counts = { sent: 0, retried: 0, failed: 0 };
      if (!transport) return counts;
      const rows = await claimDueMessages(db, limit, clock());
      for (const row of rows) counts[await attempt(row)]++;
      return counts;
    },
  };
}
