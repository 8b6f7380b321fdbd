import { prepared, type Db } from '../db/knex';

export type InboundStatus = 'held' | 'filed' | 'ignored' | 'rejected';

/** One message received at the support address, as kept: held for the helpdesk, filed or ignored. */
export interface InboundRow {
  id: number;
  message_id: string;
  from_email: string;
  from_name: string;
  subject: string;
  body: string;
  in_reply_to: string;
  references_header: string;
  status: InboundStatus;
  hold_reason: string;
  account_id: number | null;
  ticket_id: number | null;
  received_at: Date;
  /** From's domain vouched for it (SPF/DKIM aligned); null for messages kept before this was checked. */
  sender_verified: boolean | null;
  authentication: string;
}

export interface NewInbound {
  messageId: string;
  fromEmail: string;
  fromName: string;
  subject: string;
  body: string;
  inReplyTo: string;
  references: string;
  status: 'held' | 'filed' | 'ignored';
  holdReason?: string;
  accountId?: number | null;
  ticketId?: number | null;
  senderVerified: boolean;
  authentication: string;
}

/** Whether a message with this Message-ID was received before. */
export async function inboundSeen(db: Db, messageId: string): Promise<boolean> {
  return Boolean(await prepared(db('inbound_messages').where({ message_id: messageId }).first('id')));
}

/** Keeps a received message, once per Message-ID; returns its id (null if it was already kept). */
export async function insertInbound(db: Db, values: NewInbound): Promise<number | null> {
  const rows = await prepared(
    db('inbound_messages')
      .insert({
        message_id: values.messageId,
        from_email: values.fromEmail,
        from_name: values.fromName,
        subject: values.subject,
        body: values.body,
        in_reply_to: values.inReplyTo,
        references_header: values.references,
        status: values.status,
        hold_reason: values.holdReason ?? '',
        account_id: values.accountId ?? null,
        ticket_id: values.ticketId ?? null,
        sender_verified: values.senderVerified,
        authentication: values.authentication.slice(0, 500),
      })
      .onConflict('message_id')
      .ignore()
      .returning('id'),
  );
  return rows[0] ? (rows[0] as { id: number }).id : null;
}

export async function findInbound(
  db: Db,
  id: number,
): Promise<(InboundRow & { ticket_number: string | null }) | undefined> {
  // The ticket a filed request became, by its public number (for the link on the request's page).
  return db('inbound_messages as i')
    .leftJoin('tickets as t', 't.id', 'i.ticket_id')
    .where('i.id', id)
    .first('i.*', 't.number as ticket_number');
}

/** A held message, locked until the transaction ends so that it is released once. */
export async function lockHeld(db: Db, id: number): Promise<InboundRow | undefined> {
  return db('inbound_messages').where({ id, status: 'held' }).forUpdate().first();
}

/** The held messages of a sender, oldest first. */
export async function heldIdsFrom(db: Db, email: string): Promise<number[]> {
  return db('inbound_messages').where({ from_email: email, status: 'held' }).orderBy('received_at').pluck('id');
}

export async function markFiled(
  db: Db,
  id: number,
  values: { ticketId: number; accountId: number; resolvedByUserId: number },
): Promise<void> {
  await db('inbound_messages').where({ id }).update({
    status: 'filed',
    ticket_id: values.ticketId,
    account_id: values.accountId,
    resolved_by_user_id: values.resolvedByUserId,
    resolved_at: db.fn.now(),
  });
}

/** Rejects a message still held; false when it was no longer held. */
export async function markRejected(db: Db, id: number, resolvedByUserId: number): Promise<boolean> {
  const updated = await db('inbound_messages')
    .where({ id, status: 'held' })
    .update({ status: 'rejected', resolved_by_user_id: resolvedByUserId, resolved_at: db.fn.now() });
  return updated > 0;
}
