import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { isEmailAddress } from '../domain/email-address';
import {
  claimDueMessages,
  claimMessage,
  insertContactNotice,
  insertOutboxMessage,
  insertOutboxMessages,
  markMessageFailed,
  markMessagesFailed,
  markMessageSent,
  requeueMessage,
  type ContactNotice,
  type FailedAttempt,
  type NewOutboxMessage,
  type OutboxRow,
} from '../models/mail-outbox';
import type { MailTransport } from './transport';
import type { ContactCategory, MailCategory } from '../domain/mail-categories';
import { DEFAULT_LOCALE, type Locale } from '../i18n';

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
 * A notice to the contacts of an account who chose to receive its category (invoices, services…),
 * written for every language, so that each recipient gets theirs: the database picks the recipients
 * and their languages in the statement that writes the messages.
 */
export interface OutgoingNotice {
  accountId: number;
  category: ContactCategory;
  template: string;
  texts: Record<Locale, { subject: string; text: string }>;
}

/**
 * How long a message is retried before it is given up, as mail servers do (Postfix keeps mail for
 * five days): an SMTP outage of days loses nothing. A permanent refusal (5xx) fails at once.
 */
export const GIVE_UP_AFTER_SECONDS = 5 * 24 * 3600;

/**
 * Messages a worker claims at once (one statement), sends side by side and records at once. A
 * worker that dies mid-batch leaves at most this many to be sent again when their claim expires.
 */
export const OUTBOX_BATCH = 100;

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

/** A subject as a header can carry it: CR/LF never reach a header; at most 300 characters. */
function oneLine(subject: string): string {
  return subject
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 300);
}

function cleanAddresses(addresses: string[]): string[] {
  const unique = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  for (const address of unique) {
    if (!isEmailAddress(address)) throw new Error(`not a deliverable address: ${JSON.stringify(address)}`);
  }
  return unique;
}

/**
 * What "send now" came to, as the page should tell it: `sent`, the relay took the message;
 * `queued`, the relay did not answer in time — it may yet take it, and the outbox records its
 * answer or retries; `deferred`, the relay could not be reached or asked to try later — not sent,
 * and the outbox retries; `refused`, the relay refused it for good (5xx) and it will not be sent.
 */
export type SendOutcome = 'sent' | 'queued' | 'deferred' | 'refused';

export interface Mailer {
  /** Writes the message to the outbox (inside the caller's transaction when given one). */
  enqueue(mail: OutgoingMail, trx?: Db): Promise<OutboxRow>;
  /** Several messages in one statement. */
  enqueueAll(mails: OutgoingMail[], trx?: Db): Promise<OutboxRow[]>;
  /** A notice to the account's contacts of its category, each in their language, in one statement; how many were written. */
  enqueueToContacts(notice: OutgoingNotice, trx?: Db): Promise<number>;
  /** The rows of such a notice, for a statement that writes it together with the change it tells of (models/mail-outbox.ts `contactNoticePart`). */
  contactNotice(notice: OutgoingNotice): ContactNotice;
  /**
   * Delivers one queued message now, waiting for the relay no longer than the short timeout. An
   * attempt still under way then goes on in the background: the row stays claimed (the worker does
   * not send it again meanwhile) and its outcome is recorded when the relay answers.
   */
  sendNow(id: number, trx?: Db): Promise<SendOutcome>;
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
  /** The database outside any transaction (set by `within`): where a late outcome is recorded. */
  root?: Db;
}

type Attempt = { ok: true } | { ok: false; err: unknown };

/** The outermost transaction `db` belongs to, if it is one: its end is when its rows are visible. */
function outermostTransaction(db: Db): Knex.Transaction | null {
  let trx = (db as unknown as Partial<Knex.Transaction>).isTransaction ? (db as Knex.Transaction) : null;
  while (trx?.parentTransaction) trx = trx.parentTransaction;
  return trx;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMailer(options: MailerOptions): Mailer {
  const { db, transport, from, messageIdDomain } = options;
  const clock = options.clock ?? (() => new Date());
  const sendNowTimeoutMs = options.sendNowTimeoutMs ?? SEND_NOW_TIMEOUT_MS;
  const later = (seconds: number) => new Date(clock().getTime() + seconds * 1000);
  const root = options.root ?? db;

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

  /** What a failed attempt comes to: given up (a 5xx, or past its window), or tried again later. */
  function failureOf(row: OutboxRow, err: unknown): FailedAttempt {
    return {
      id: row.id,
      final: isPermanentRefusal(err) || clock().getTime() >= row.retry_until.getTime(),
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      nextAttemptAt: later(retryDelaySeconds(row.attempts)),
    };
  }

  async function markFailure(row: OutboxRow, err: unknown, into: Db = db): Promise<'retried' | 'failed'> {
    const failure = failureOf(row, err);
    await markMessageFailed(into, row.id, failure);
    return failure.final ? 'failed' : 'retried';
  }

  async function tryToSend(row: OutboxRow): Promise<Attempt> {
    try {
      await send(row);
      return { ok: true };
    } catch (err) {
      return { ok: false, err };
    }
  }

  async function record(row: OutboxRow, result: Attempt, into: Db = db): Promise<'sent' | 'retried' | 'failed'> {
    if (!result.ok) return markFailure(row, result.err, into);
    await markMessageSent(into, row.id);
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
      subject: oneLine(mail.subject),
      text_body: mail.text,
      message_id: `<${randomUUID()}@${messageIdDomain}>`,
      in_reply_to: mail.inReplyTo ?? null,
      reply_to: mail.replyTo ? cleanAddresses([mail.replyTo])[0] : null,
      ticket_id: mail.ticketId ?? null,
      next_attempt_at: clock(),
      retry_until: later(GIVE_UP_AFTER_SECONDS),
    };
  }

  /** A notice's rows: each language's subject a single line, the times of an enqueued message. */
  function contactNotice(notice: OutgoingNotice): ContactNotice {
    const texts: ContactNotice['texts'] = {};
    for (const [locale, { subject, text }] of Object.entries(notice.texts))
      texts[locale] = { subject: oneLine(subject), text };
    return {
      account_id: notice.accountId,
      category: notice.category,
      template: notice.template,
      texts,
      default_locale: DEFAULT_LOCALE,
      message_id_domain: messageIdDomain,
      next_attempt_at: clock(),
      retry_until: later(GIVE_UP_AFTER_SECONDS),
    };
  }

  /**
   * The outcome of an attempt that outlasted the request: recorded in its own statement on the
   * database itself, once the caller's transaction (where the row was claimed, and may have been
   * written) has ended — never through that transaction, which is over by then. A database that
   * is briefly away is tried again; if it stays away, the claim expires and the worker sends again
   * (the one case where a message may go twice: its outcome was truly lost).
   */
  async function recordLate(row: OutboxRow, result: Attempt): Promise<void> {
    await outermostTransaction(db)?.executionPromise.catch(() => undefined);
    for (let tries = 1; ; tries++) {
      try {
        await record(row, result, root);
        return;
      } catch (err) {
        if (tries >= 3) throw err;
        await sleep(1000 * tries);
      }
    }
  }

  return {
    delivers: transport !== null,

    async enqueue(mail, trx = db) {
      return insertOutboxMessage(trx, outboxRow(mail));
    },

    async enqueueAll(mails, trx = db) {
      return insertOutboxMessages(trx, mails.map(outboxRow));
    },

    async enqueueToContacts(notice, trx = db) {
      return insertContactNotice(trx, contactNotice(notice));
    },

    contactNotice,

    async sendNow(id, trx) {
      if (trx) return createMailer({ ...options, db: trx, root }).sendNow(id);
      if (!transport) return 'sent';
      // Claimed where the caller wrote it (its transaction, if any): the row may exist only there.
      const row = await claimMessage(db, id, clock());
      if (!row) return 'queued'; // already being sent (or sent) by someone else
      const sending = tryToSend(row);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'waiting'>((resolve) => {
        timer = setTimeout(() => resolve('waiting'), sendNowTimeoutMs);
      });
      // A relay that does not answer in time does not hold the request.
      const first = await Promise.race([sending, timeout]);
      clearTimeout(timer);
      if (first === 'waiting') {
        void sending.then((result) => recordLate(row, result)).catch((err: unknown) => options.onError?.(err));
        return 'queued';
      }
      // The caller is still waiting, so its transaction (if any) is open: the outcome commits with
      // the write it reports, and there is no moment when the row looks abandoned.
      const outcome = await record(row, first).catch((err: unknown) => {
        if (outermostTransaction(db)) throw err; // the caller's transaction failed with it
        // Not recorded (the database is away): the claim expires and the worker tries again.
        options.onError?.(err);
        return first.ok ? 'sent' : isPermanentRefusal(first.err) ? 'failed' : 'retried';
      });
      return outcome === 'sent' ? 'sent' : outcome === 'failed' ? 'refused' : 'deferred';
    },

    within(trx) {
      return createMailer({ ...options, db: trx, root });
    },

    async requeue(id) {
      return requeueMessage(db, id, clock(), later(GIVE_UP_AFTER_SECONDS));
    },

    async deliverDue(limit = OUTBOX_BATCH) {
      const counts = { sent: 0, retried: 0, failed: 0 };
      if (!transport) return counts;
      const rows = await claimDueMessages(db, limit, clock());
      // Side by side: the transport sends on each of its pooled connections and queues the rest.
      const results = await Promise.all(rows.map(async (row) => ({ row, result: await tryToSend(row) })));
      // Each message's own outcome, all recorded at once: what went out in one update, the
      // failures (each retried or given up by its own answer) in another. A worker that dies before
      // this leaves the batch claimed; once the claim expires it is sent again (at least once).
      const sent = results.filter((r) => r.result.ok).map((r) => r.row.id);
      const failures = results.flatMap(({ row, result }) => (result.ok ? [] : [failureOf(row, result.err)]));
      if (sent.length) await markMessageSent(db, sent);
      await markMessagesFailed(db, failures);
      counts.sent = sent.length;
      for (const failure of failures) counts[failure.final ? 'failed' : 'retried']++;
      return counts;
    },
  };
}
