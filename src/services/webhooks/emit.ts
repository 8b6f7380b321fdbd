import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/knex';
import type { WebhookEventType } from '../../domain/webhook-events';
import { insertEventsWithDeliveries, type NewEvent } from '../../models/webhooks';
import { accountRepresentation } from '../representations/accounts';
import { ticketRepresentation, userRepresentation } from '../representations/people';

export interface EmittedEvent {
  type: WebhookEventType;
  /** The account the change happened in (subscriptions of it and, with include_descendants, of its ancestors hear of it). */
  accountId: number;
  /** The same object the API's GET answers for the record (src/services/representations/). */
  data: unknown;
}

/**
 * The one emitter: called with the transaction of the change (`{ ...deps, db: trx }`), it writes the
 * event and its deliveries there, so a change that rolls back emits nothing and no change commits
 * without its event. The delivery workers send it afterwards.
 */
export async function emitEvent(deps: { db: Db; clock?: () => Date }, event: EmittedEvent): Promise<void> {
  await emitEvents(deps, [event]);
}

/** Several events of one account (a new account and its first credit), in one statement. */
export async function emitEvents(deps: { db: Db; clock?: () => Date }, events: EmittedEvent[]): Promise<void> {
  await insertEventsWithDeliveries(
    deps.db,
    events.map((event) => newEvent(deps, event)),
  );
}

/** The event's row, with its public id and time, for a statement that writes it together with the change (models/webhooks.ts `eventsPart`). */
export function newEvent(deps: { clock?: () => Date }, event: EmittedEvent): NewEvent {
  return {
    public_id: `evt_${randomBytes(16).toString('base64url')}`,
    type: event.type,
    account_id: event.accountId,
    data: event.data,
    created_at: deps.clock?.() ?? new Date(),
  };
}

/** An account.* event whose data is the account as GET /accounts/{id} answers it now (inside the change). */
export async function emitAccountEvent(
  deps: { db: Db; clock?: () => Date },
  type: Extract<WebhookEventType, `account.${string}`>,
  accountId: number,
): Promise<void> {
  await emitEvent(deps, { type, accountId, data: await accountRepresentation(deps.db, accountId) });
}

/** A user.* event: the membership as the person is in the account now. */
export async function emitUserEvent(
  deps: { db: Db; clock?: () => Date },
  type: Extract<WebhookEventType, `user.${string}`>,
  accountId: number,
  membershipId: number,
): Promise<void> {
  await emitEvent(deps, { type, accountId, data: await userRepresentation(deps.db, membershipId) });
}

/** A ticket.* event: the ticket as it is now. */
export async function emitTicketEvent(
  deps: { db: Db; clock?: () => Date },
  type: Extract<WebhookEventType, `ticket.${string}`>,
  accountId: number,
  ticketId: number,
): Promise<void> {
  await emitEvent(deps, { type, accountId, data: await ticketRepresentation(deps.db, ticketId) });
}
