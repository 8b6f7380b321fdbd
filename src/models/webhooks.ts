import { prepared, type Db } from '../db/knex';
import type { SqlPart } from '../db/sql-part';
import type { WebhookEventType } from '../domain/webhook-events';

export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

export interface SubscriptionRow {
  id: number;
  account_id: number;
  url: string;
  events: WebhookEventType[];
  include_descendants: boolean;
  status: SubscriptionStatus;
  disabled_reason: 'gone' | 'failing' | null;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewSubscription {
  account_id: number;
  url: string;
  events: WebhookEventType[];
  include_descendants: boolean;
  secret_ciphertext: string;
  created_by_user_id: number | null;
}

export async function insertSubscription(db: Db, values: NewSubscription): Promise<SubscriptionRow> {
  const [row] = (await db('webhook_subscriptions').insert(values).returning('*')) as SubscriptionRow[];
  return row;
}

/** The account's subscriptions, oldest first. */
export async function subscriptionsOf(db: Db, accountId: number): Promise<SubscriptionRow[]> {
  return db('webhook_subscriptions').where({ account_id: accountId }).orderBy('id') as Promise<SubscriptionRow[]>;
}

/** One subscription of the account, else undefined: another account's id is simply not found. */
export async function findSubscription(db: Db, accountId: number, id: number): Promise<SubscriptionRow | undefined> {
  return db('webhook_subscriptions').where({ account_id: accountId, id }).first() as Promise<
    SubscriptionRow | undefined
  >;
}

export async function subscriptionById(db: Db, id: number): Promise<SubscriptionRow | undefined> {
  return db('webhook_subscriptions').where({ id }).first() as Promise<SubscriptionRow | undefined>;
}

export type SubscriptionChange = Partial<
  Pick<
    SubscriptionRow,
    | 'url'
    | 'events'
    | 'include_descendants'
    | 'status'
    | 'disabled_reason'
    | 'secret_ciphertext'
    | 'previous_secret_ciphertext'
    | 'previous_secret_until'
    | 'failing_since'
  >
>;

export async function updateSubscription(db: Db, id: number, change: SubscriptionChange): Promise<SubscriptionRow> {
  const [row] = (await db('webhook_subscriptions')
    .where({ id })
    .update({ ...change, updated_at: db.fn.now() })
    .returning('*')) as SubscriptionRow[];
  return row;
}

export async function deleteSubscription(db: Db, id: number): Promise<void> {
  await db('webhook_subscriptions').where({ id }).delete();
}

// ---- Events and their deliveries -------------------------------------------------------------

export interface NewEvent {
  public_id: string;
  type: WebhookEventType;
  account_id: number;
  data: unknown;
  created_at: Date;
}

/**
 * Writes the events (all of one account) and one delivery of each per active subscription that asked
 * for its type: the account's own, or an ancestor's with include_descendants (never a sibling's or a
 * descendant's). One prepared statement (every feed write emits an event), in the caller's
 * transaction.
 */
export async function insertEventsWithDeliveries(db: Db, events: NewEvent[]): Promise<void> {
  if (!events.length) return;
  const part = eventsPart(events);
  await prepared(db.raw(`WITH RECURSIVE ${part.sql} SELECT count(*) FROM ev`, part.bindings));
}

/**
 * The events and their deliveries as WITH queries (`ancestors`, `ev`, `deliveries`) of a statement
 * that begins `WITH RECURSIVE`. With a `source` (another WITH query of the statement), the events are
 * written only when the source yields a row, and `data` may add to each event's `e.data`:
 * `e.data || jsonb_build_object('id', i.id)` puts the id of a row the same statement wrote into it.
 */
export function eventsPart(events: NewEvent[], source?: { from: string; data: string }): SqlPart {
  const accounts = new Set(events.map((e) => e.account_id));
  if (accounts.size !== 1) throw new Error('the events of one statement are of one account');
  return {
    sql: `ancestors (id, depth) AS (
       SELECT parent_id, 1 FROM accounts WHERE id = :eventAccount AND parent_id IS NOT NULL
       UNION ALL
       SELECT a.parent_id, x.depth + 1 FROM accounts a JOIN ancestors x ON a.id = x.id
        WHERE a.parent_id IS NOT NULL AND x.depth < 10
     ), ev AS (
       INSERT INTO webhook_events (public_id, type, account_id, data, created_at)
       SELECT e.public_id, e.type, :eventAccount, ${source?.data ?? 'e.data'}, e.created_at
         FROM ${source ? `${source.from}, ` : ''}jsonb_to_recordset(CAST(:events AS jsonb))
           AS e (public_id text, type text, data jsonb, created_at timestamptz)
       RETURNING id, type, created_at
     ), deliveries AS (
       INSERT INTO webhook_deliveries (event_id, subscription_id, next_attempt_at)
       SELECT ev.id, s.id, ev.created_at FROM ev JOIN webhook_subscriptions s ON s.events @> ARRAY[ev.type]
        WHERE s.status = 'active'
          AND (s.account_id = :eventAccount OR (s.include_descendants AND s.account_id IN (SELECT id FROM ancestors)))
       RETURNING 1
     )`,
    bindings: {
      eventAccount: events[0].account_id,
      events: JSON.stringify(
        events.map((e) => ({ public_id: e.public_id, type: e.type, data: e.data, created_at: e.created_at })),
      ),
    },
  };
}

export interface DeliveryJob {
  id: number;
  subscription_id: number;
  attempts: number;
  created_at: Date;
  event_public_id: string;
  event_type: string;
  event_account_id: number;
  event_data: unknown;
  event_created_at: Date;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_until: Date | null;
}

/**
 * Claims up to `limit` deliveries that are due (or whose worker stopped before finishing: the lock
 * ran out) of active subscriptions: attempts + 1, locked for `lockMs`. FOR UPDATE SKIP LOCKED: two
 * workers never claim the same delivery.
 */
export async function claimDueDeliveries(db: Db, limit: number, now: Date, lockMs: number): Promise<DeliveryJob[]> {
  const result = await db.raw<{ rows: DeliveryJob[] }>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
        WHERE ((d.status = 'pending' AND d.next_attempt_at <= :now)
            OR (d.status = 'sending' AND d.locked_until < :now))
          AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.status = 'active')
        ORDER BY d.next_attempt_at
        LIMIT :limit
        FOR UPDATE OF d SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET status = 'sending', attempts = d.attempts + 1, locked_until = :lockedUntil
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.subscription_id, d.attempts, d.created_at, d.event_id
     )
     SELECT c.id, c.subscription_id, c.attempts, c.created_at,
            e.public_id AS event_public_id, e.type AS event_type, e.account_id AS event_account_id,
            e.data AS event_data, e.created_at AS event_created_at,
            s.url, s.secret_ciphertext, s.previous_secret_ciphertext, s.previous_secret_until
       FROM claimed c
       JOIN webhook_events e ON e.id = c.event_id
       JOIN webhook_subscriptions s ON s.id = c.subscription_id`,
    { now, limit, lockedUntil: new Date(now.getTime() + lockMs) },
  );
  return result.rows;
}

export interface AttemptOutcome {
  status: number | null;
  error: string;
  durationMs: number;
  response: string;
  at: Date;
}

/**
 * A batch's 2xx answers, recorded in one statement (the worker's hot path: one round trip and one
 * commit per batch instead of two per delivery); their subscriptions are no longer failing.
 */
export async function markAllDelivered(
  db: Db,
  done: { job: Pick<DeliveryJob, 'id' | 'subscription_id'>; outcome: AttemptOutcome }[],
): Promise<void> {
  if (done.length === 0) return;
  await db.raw(
    `WITH v AS (
       SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::int[], ?::int[], ?::text[])
         AS v (id, at, status, duration_ms, response)
     ), delivered AS (
       UPDATE webhook_deliveries d
          SET status = 'delivered', locked_until = NULL, delivered_at = v.at, last_attempt_at = v.at,
              last_status = v.status, last_error = '', last_duration_ms = v.duration_ms, last_response = v.response
         FROM v WHERE d.id = v.id
       RETURNING d.subscription_id
     )
     UPDATE webhook_subscriptions SET failing_since = NULL
      WHERE id IN (SELECT subscription_id FROM delivered) AND failing_since IS NOT NULL`,
    [
      done.map((d) => d.job.id),
      done.map((d) => d.outcome.at),
      done.map((d) => d.outcome.status ?? 0),
      done.map((d) => d.outcome.durationMs),
      done.map((d) => d.outcome.response),
    ],
  );
}

/**
 * A failed attempt: waiting until `nextAttemptAt`, or given up (`final`). Returns since when the
 * subscription has been failing (set now when this is its first failure since a success).
 */
export async function markAttemptFailed(
  db: Db,
  job: Pick<DeliveryJob, 'id' | 'subscription_id'>,
  outcome: AttemptOutcome,
  next: { final: boolean; nextAttemptAt: Date },
): Promise<Date> {
  await db('webhook_deliveries')
    .where({ id: job.id })
    .update({
      status: next.final ? 'failed' : 'pending',
      locked_until: null,
      next_attempt_at: next.nextAttemptAt,
      last_attempt_at: outcome.at,
      last_status: outcome.status,
      last_error: outcome.error.slice(0, 500),
      last_duration_ms: outcome.durationMs,
      last_response: outcome.response,
    });
  const rows: { failing_since: Date }[] = await db('webhook_subscriptions')
    .where({ id: job.subscription_id })
    .update({ failing_since: db.raw('coalesce(failing_since, ?)', [outcome.at]) })
    .returning('failing_since');
  return rows[0]?.failing_since ?? outcome.at;
}

/** A delivery given up for good (its subscription is being disabled). */
export async function markDeliveryGivenUp(db: Db, id: number): Promise<void> {
  await db('webhook_deliveries').where({ id }).update({ status: 'failed', locked_until: null });
}

/**
 * Disables an active subscription (the endpoint is gone, or it failed for days) and gives up its
 * waiting deliveries. False when it was not active any more (another worker disabled it first).
 */
export async function disableSubscription(db: Db, id: number, reason: 'gone' | 'failing'): Promise<boolean> {
  const changed = await db('webhook_subscriptions')
    .where({ id, status: 'active' })
    .update({ status: 'disabled', disabled_reason: reason, updated_at: db.fn.now() });
  if (changed === 0) return false;
  await db('webhook_deliveries').where({ subscription_id: id }).whereIn('status', ['pending']).update({
    status: 'failed',
    locked_until: null,
  });
  return true;
}

export interface DeliveryRow {
  id: number;
  event_public_id: string;
  event_type: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string;
  last_duration_ms: number | null;
  last_response: string;
}

/** The subscription's most recent deliveries, newest first. */
export async function recentDeliveries(db: Db, subscriptionId: number, limit = 50): Promise<DeliveryRow[]> {
  return db('webhook_deliveries as d')
    .join('webhook_events as e', 'e.id', 'd.event_id')
    .where('d.subscription_id', subscriptionId)
    .orderBy('d.id', 'desc')
    .limit(limit)
    .select(
      'd.id',
      'e.public_id as event_public_id',
      'e.type as event_type',
      'd.status',
      'd.attempts',
      'd.created_at',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.last_duration_ms',
      'd.last_response',
    ) as Promise<DeliveryRow[]>;
}

/** Whether the delivery is one of the subscription's (another's id is simply not found). */
export async function deliveryExists(db: Db, subscriptionId: number, id: number): Promise<boolean> {
  return (await db('webhook_deliveries').where({ id, subscription_id: subscriptionId }).first('id')) !== undefined;
}

/** «Reenviar»: the delivery is due again now (whatever became of it), unless a worker holds it. */
export async function requeueDelivery(db: Db, subscriptionId: number, id: number, now: Date): Promise<boolean> {
  const changed = await db('webhook_deliveries')
    .where({ id, subscription_id: subscriptionId })
    .whereNot('status', 'sending')
    .update({ status: 'pending', next_attempt_at: now, locked_until: null });
  return changed > 0;
}

/**
 * Deletes up to `limit` finished deliveries (delivered, or given up) made before `before`, oldest
 * first; returns how many. Pending and sending ones stay whatever their age (a paused
 * subscription's wait for «Reanudar»).
 */
export async function deleteFinishedDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>(
    `DELETE FROM webhook_deliveries WHERE id IN (
       SELECT id FROM webhook_deliveries
        WHERE status IN ('delivered', 'failed') AND created_at < ?
        ORDER BY id LIMIT ?)`,
    [before, limit],
  );
  return result.rowCount ?? 0;
}

/** Deletes up to `limit` events made before `before` that no delivery refers to any more; returns how many. */
export async function deleteSettledEvents(db: Db, before: Date, limit: number): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>(
    `DELETE FROM webhook_events WHERE id IN (
       SELECT e.id FROM webhook_events e
        WHERE e.created_at < ?
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
        ORDER BY e.created_at LIMIT ?)`,
    [before, limit],
  );
  return result.rowCount ?? 0;
}

/** Owners and admins of the account with a login, and the language each reads. */
export async function accountManagers(
  db: Db,
  accountId: number,
): Promise<{ email: string; first_name: string; locale: 'es' | 'en' }[]> {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', accountId)
    .whereIn('m.role', ['owner', 'admin'])
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .orderBy('u.id')
    .select('u.email', 'u.first_name', 'u.locale') as Promise<
    { email: string; first_name: string; locale: 'es' | 'en' }[]
  >;
}
