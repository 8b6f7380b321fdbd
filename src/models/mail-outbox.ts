import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { MailCategory } from '../mail/outbox';

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
}

export async function insertOutboxMessage(db: Db, values: NewOutboxMessage): Promise<OutboxRow> {
  const [row] = (await db('mail_outbox').insert(values).returning('*')) as OutboxRow[];
  return row;
}

/**
 * Marks up to `limit` matching messages as being sent (attempts + 1, locked for two minutes) and
 * returns them. FOR UPDATE SKIP LOCKED: two workers never claim the same message.
 */
async function claim(db: Db, where: (q: Knex.QueryBuilder) => void, limit: number): Promise<OutboxRow[]> {
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
      locked_until: db.raw("now() + interval '2 minutes'"),
    })
    .returning('*') as Promise<OutboxRow[]>;
}

/** One message that is waiting or failed, claimed to be sent now. */
export async function claimMessage(db: Db, id: number): Promise<OutboxRow | undefined> {
  const [row] = await claim(db, (q) => void q.where({ id }).whereIn('status', ['pending', 'failed']), 1);
  return row;
}

/** Messages due for (another) attempt, and those whose sender stopped before finishing. */
export async function claimDueMessages(db: Db, limit: number): Promise<OutboxRow[]> {
  return claim(
    db,
    (q) =>
      void q
        .where((w) => {
          void w.where({ status: 'pending' }).andWhere('next_attempt_at', '<=', db.fn.now());
        })
        .orWhere((w) => {
          void w.where({ status: 'sending' }).andWhere('locked_until', '<', db.fn.now());
        }),
    limit,
  );
}

export async function markMessageSent(db: Db, id: number | number[]): Promise<void> {
  await db('mail_outbox')
    .whereIn('id', Array.isArray(id) ? id : [id])
    .update({ status: 'sent', sent_at: db.fn.now(), locked_until: null, last_error: '' });
}

/** A failed attempt: given up for good (`final`), or waiting `retryInSeconds` for the next one. */
export async function markMessageFailed(
  db: Db,
  id: number,
  failure: { final: boolean; error: string; retryInSeconds: number },
): Promise<void> {
  await db('mail_outbox')
    .where({ id })
    .update({
      status: failure.final ? 'failed' : 'pending',
      locked_until: null,
      last_error: failure.error,
      next_attempt_at: db.raw('now() + make_interval(secs => ?)', [failure.retryInSeconds]),
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
