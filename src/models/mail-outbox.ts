import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { ContactCategory, MailCategory } from '../domain/mail-categories';
import type { SqlPart } from '../db/sql-part';
import { recipientsPart } from './contacts';
import { keysetPage, type Cursor, type Page } from './pagination';

export interface OutboxRow {
  id: number;
  account_id: number | null;
  category: MailCategory;
  template: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  message_id: string;
  in_reply_to: string | null;
  reply_to: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string;
  sent_at: Date | null;
  created_at: Date;
  retry_until: Date;
}

export interface NewOutboxMessage {
  account_id: number | null;
  category: MailCategory;
  template: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  message_id: string;
  in_reply_to: string | null;
  reply_to: string | null;
  ticket_id: number | null;
  next_attempt_at: Date;
  retry_until: Date;
}

export async function insertOutboxMessage(db: Db, values: NewOutboxMessage): Promise<OutboxRow> {
  const [row] = await insertOutboxMessages(db, [values]);
  return row;
}

/** Several messages in one statement; their rows as written. */
export async function insertOutboxMessages(db: Db, values: NewOutboxMessage[]): Promise<OutboxRow[]> {
  if (!values.length) return [];
  return (await db('mail_outbox').insert(values).returning('*')) as OutboxRow[];
}

const LOCK_MS = 2 * 60_000;

/**
 * Marks up to `limit` matching messages as being sent (attempts + 1, locked for two minutes) and
 * returns them. FOR UPDATE SKIP LOCKED: two workers never claim the same message.
 */
async function claim(db: Db, where: (q: Knex.QueryBuilder) => void, limit: number, now: Date): Promise<OutboxRow[]> {
  const ids = db('mail_outbox')
    .select('id')
    .where(where)
    .orderBy('next_attempt_at')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  return db('mail_outbox')
    .whereIn('id', ids)
    .update({
      status: 'sending',
      attempts: db.raw('attempts + 1'),
      locked_until: new Date(now.getTime() + LOCK_MS),
    })
    .returning('*') as Promise<OutboxRow[]>;
}

/** One message that is waiting or failed, claimed to be sent now. */
export async function claimMessage(db: Db, id: number, now: Date): Promise<OutboxRow | undefined> {
  const [row] = await claim(db, (q) => void q.where({ id }).whereIn('status', ['pending', 'failed']), 1, now);
  return row;
}

/** Messages due for (another) attempt, and those whose sender stopped before finishing. */
export async function claimDueMessages(db: Db, limit: number, now: Date): Promise<OutboxRow[]> {
  return claim(
    db,
    (q) =>
      void q
        .where((w) => {
          void w.where({ status: 'pending' }).andWhere('next_attempt_at', '<=', now);
        })
        .orWhere((w) => {
          void w.where({ status: 'sending' }).andWhere('locked_until', '<', now);
        }),
    limit,
    now,
  );
}

export async function markMessageSent(db: Db, id: number | number[]): Promise<void> {
  await db('mail_outbox')
    .whereIn('id', Array.isArray(id) ? id : [id])
    .update({ status: 'sent', sent_at: db.fn.now(), locked_until: null, last_error: '' });
}

/** A failed attempt: given up for good (`final`), or waiting until `nextAttemptAt`. */
export async function markMessageFailed(
  db: Db,
  id: number,
  failure: { final: boolean; error: string; nextAttemptAt: Date },
): Promise<void> {
  await db('mail_outbox')
    .where({ id })
    .update({
      status: failure.final ? 'failed' : 'pending',
      locked_until: null,
      last_error: failure.error,
      next_attempt_at: failure.nextAttemptAt,
    });
}

/** The outcome of one failed attempt, for `markMessagesFailed`. */
export interface FailedAttempt {
  id: number;
  /** Given up for good (a permanent refusal, or past its retry window). */
  final: boolean;
  error: string;
  nextAttemptAt: Date;
}

/**
 * The failed attempts of a batch, each with its own outcome, in one statement (the messages of the
 * batch that went out are marked with `markMessageSent`, also at once).
 */
export async function markMessagesFailed(db: Db, failures: FailedAttempt[]): Promise<void> {
  if (!failures.length) return;
  await db.raw(
    `UPDATE mail_outbox o
        SET status = f.status, locked_until = NULL, last_error = f.error, next_attempt_at = f.next_attempt_at
       FROM unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[]) AS f (id, status, error, next_attempt_at)
      WHERE o.id = f.id`,
    [
      failures.map((f) => f.id),
      failures.map((f) => (f.final ? 'failed' : 'pending')),
      failures.map((f) => f.error),
      failures.map((f) => f.nextAttemptAt),
    ],
  );
}

/** «Reenviar»: a failed or waiting message is due now, with a new window of retries. */
export async function requeueMessage(db: Db, id: number, now: Date, retryUntil: Date): Promise<boolean> {
  const changed = await db('mail_outbox')
    .where({ id })
    .whereIn('status', ['pending', 'failed'])
    .update({ status: 'pending', next_attempt_at: now, retry_until: retryUntil, locked_until: null });
  return changed > 0;
}

export interface TroubledMessage {
  id: number;
  account_id: number | null;
  account_name: string | null;
  template: string;
  to_addresses: string[];
  subject: string;
  status: 'pending' | 'sending' | 'failed';
  attempts: number;
  last_error: string;
  next_attempt_at: Date;
  created_at: Date;
}

/**
 * For the staff console: messages that failed, and those still waiting after `delayedBefore`
 * (created before it and not sent), oldest first, a page at a time.
 */
export async function troubledMessagesPage(
  db: Db,
  delayedBefore: Date,
  cursor: Cursor,
): Promise<Page<TroubledMessage>> {
  const query = db('mail_outbox as m')
    .leftJoin('accounts as a', 'a.id', 'm.account_id')
    .whereNot('m.status', 'sent')
    .andWhere((w) => void w.where('m.status', 'failed').orWhere('m.created_at', '<', delayedBefore))
    .select(
      'm.id',
      'm.account_id',
      'a.name as account_name',
      'm.template',
      'm.to_addresses',
      'm.subject',
      'm.status',
      'm.attempts',
      'm.last_error',
      'm.next_attempt_at',
      'm.created_at',
    );
  return keysetPage<TroubledMessage>(query, {
    columns: ['m.created_at', 'm.id'],
    direction: 'asc',
    anchor: (id) => db('mail_outbox as m').where('m.id', id).select('m.created_at', 'm.id'),
    cursor,
  });
}

/** The newest messages, for the development mail viewer. */
export async function recentOutboxMessages(
  db: Db,
  limit: number,
): Promise<Pick<OutboxRow, 'id' | 'to_addresses' | 'subject' | 'template' | 'status' | 'created_at'>[]> {
  return db('mail_outbox')
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'to_addresses', 'subject', 'template', 'status', 'created_at');
}

export async function findOutboxMessage(db: Db, id: number): Promise<OutboxRow | undefined> {
  return db('mail_outbox').where({ id }).first() as Promise<OutboxRow | undefined>;
}

/**
 * A notice to every contact of an account who chose to receive its category, each in the language of
 * their login (src/mail/outbox.ts `contactNotice` fills it in).
 */
export interface ContactNotice {
  account_id: number;
  category: ContactCategory;
  template: string;
  /** Subject (one line) and text by language; a recipient whose language has none gets `default_locale`'s. */
  texts: Record<string, { subject: string; text: string }>;
  default_locale: string;
  message_id_domain: string;
  next_attempt_at: Date;
  retry_until: Date;
}

/**
 * The notice's messages, one per recipient with a fresh Message-ID, written by a WITH query
 * (`notices`) of a larger statement: only when its `source` query yields a row, if given.
 */
export function contactNoticePart(notice: ContactNotice, source?: string): SqlPart {
  const recipients = recipientsPart(notice.account_id, notice.category);
  return {
    sql: `notices AS (
       INSERT INTO mail_outbox (account_id, category, template, to_addresses, subject, text_body, message_id, next_attempt_at, retry_until)
       SELECT :noticeAccount, :noticeCategory, :noticeTemplate, ARRAY[lower(trim(c.email))],
              COALESCE(x.t -> u.locale, x.t -> :noticeDefault) ->> 'subject',
              COALESCE(x.t -> u.locale, x.t -> :noticeDefault) ->> 'text',
              '<' || gen_random_uuid() || '@' || :noticeDomain || '>', :noticeNext, :noticeUntil
         FROM ${source ? `${source}, ` : ''}(SELECT CAST(:noticeTexts AS jsonb) AS t) x, ${recipients.from}
        WHERE ${recipients.where}
       RETURNING 1
     )`,
    bindings: {
      ...recipients.bindings,
      noticeAccount: notice.account_id,
      noticeCategory: notice.category,
      noticeTemplate: notice.template,
      noticeDefault: notice.default_locale,
      noticeDomain: notice.message_id_domain,
      noticeNext: notice.next_attempt_at,
      noticeUntil: notice.retry_until,
      noticeTexts: JSON.stringify(notice.texts),
    },
  };
}

/** The notice on its own: one statement; how many messages it wrote. */
export async function insertContactNotice(db: Db, notice: ContactNotice): Promise<number> {
  const part = contactNoticePart(notice);
  const result = await db.raw<{ rows: { sent: number }[] }>(
    `WITH ${part.sql} SELECT count(*)::int AS sent FROM notices`,
    part.bindings,
  );
  return result.rows[0].sent;
}
