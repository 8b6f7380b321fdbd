import type { Db } from '../db/knex';
import type { NewAttachment } from '../domain/attachments';

/** A file on a ticket message (or on a held request, until it is filed). */
export interface AttachmentRow {
  id: number;
  ticket_id: number | null;
  message_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  /** False for a file over the caps: recorded, not kept. */
  stored: boolean;
}

const LISTED = ['a.id', 'a.ticket_id', 'a.message_id', 'a.filename', 'a.content_type', 'a.size'];
const STORED = 'a.content IS NOT NULL AS stored';

function rows(attachments: NewAttachment[], owner: Record<string, number>) {
  return attachments.map((a) => ({
    ...owner,
    filename: a.filename,
    content_type: a.contentType,
    size: a.size,
    content: a.content,
  }));
}

/** Keeps the files of a ticket message. */
export async function insertMessageAttachments(
  db: Db,
  ticketId: number,
  messageId: number,
  attachments: NewAttachment[],
): Promise<void> {
  if (attachments.length)
    await db('ticket_attachments').insert(rows(attachments, { ticket_id: ticketId, message_id: messageId }));
}

/** Keeps the files of a held request until it is filed. */
export async function insertHeldAttachments(db: Db, inboundId: number, attachments: NewAttachment[]): Promise<void> {
  if (attachments.length) await db('ticket_attachments').insert(rows(attachments, { inbound_id: inboundId }));
}

/** A held request became this ticket message: its files go with it. */
export async function fileHeldAttachments(db: Db, inboundId: number, ticketId: number, messageId: number) {
  await db('ticket_attachments')
    .where({ inbound_id: inboundId })
    .whereNull('message_id')
    .update({ ticket_id: ticketId, message_id: messageId });
}

/** The files of a ticket, without their content; internal notes' only for the helpdesk. */
export async function attachmentsOfTicket(
  db: Db,
  ticketId: number,
  includeInternal: boolean,
): Promise<AttachmentRow[]> {
  const query = db('ticket_attachments as a')
    .join('ticket_messages as m', 'm.id', 'a.message_id')
    .where('a.ticket_id', ticketId)
    .orderBy('a.id')
    .select(...LISTED, db.raw(STORED));
  if (!includeInternal) query.where('m.internal', false);
  return query;
}

/** The files of a held request. */
export async function attachmentsOfInbound(db: Db, inboundId: number): Promise<AttachmentRow[]> {
  return db('ticket_attachments as a')
    .where('a.inbound_id', inboundId)
    .orderBy('a.id')
    .select(...LISTED, db.raw(STORED));
}

export type AttachmentFile = AttachmentRow & { content: Buffer };

/**
 * One kept file of a ticket, with its content — for someone who sees the ticket (the caller loaded
 * it through their scope); files of internal notes only when `includeInternal`.
 */
export async function findTicketAttachment(
  db: Db,
  ticketId: number,
  id: number,
  includeInternal: boolean,
): Promise<AttachmentFile | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const query = db('ticket_attachments as a')
    .join('ticket_messages as m', 'm.id', 'a.message_id')
    .where({ 'a.id': id, 'a.ticket_id': ticketId })
    .whereNotNull('a.content');
  if (!includeInternal) query.where('m.internal', false);
  return query.first(...LISTED, db.raw(STORED), 'a.content');
}

/** Any kept file, for the helpdesk (on a ticket or a held request). */
export async function findAttachment(db: Db, id: number): Promise<AttachmentFile | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db('ticket_attachments as a')
    .where('a.id', id)
    .whereNotNull('a.content')
    .first(...LISTED, db.raw(STORED), 'a.content');
}
