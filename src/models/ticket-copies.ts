import type { Db } from '../db/knex';
import type { Locale } from '../i18n';

/**
 * «Personas en copia»: contacts of a ticket's account who receive its e-mail besides the requester.
 * The only file that names ticket_copies; every read is by ticket (its unique key leads with it).
 */

export interface TicketCopy {
  contact_id: number;
  first_name: string;
  last_name: string;
  email: string;
  created_at: Date;
}

/** A contact of the account that may be put in copy, found by its e-mail (another account's is never found). */
export interface CopyCandidate {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
}

function copies(db: Db, ticketId: number) {
  return db('ticket_copies as tc')
    .join('contacts as c', 'c.id', 'tc.contact_id')
    .where('tc.ticket_id', ticketId)
    .select('tc.contact_id', 'c.first_name', 'c.last_name', 'c.email', 'tc.created_at');
}

/** The ticket's copies, in the order they were added. */
export async function copiesOf(db: Db, ticketId: number): Promise<TicketCopy[]> {
  return copies(db, ticketId).orderBy('tc.id');
}

/** One copy of the ticket, by its contact. */
export async function findCopy(db: Db, ticketId: number, contactId: number): Promise<TicketCopy | undefined> {
  return copies(db, ticketId).where('tc.contact_id', contactId).first();
}

export async function countCopies(db: Db, ticketId: number): Promise<number> {
  const row = await db('ticket_copies').where({ ticket_id: ticketId }).count<{ count: string }>('* as count').first();
  return Number(row?.count ?? 0);
}

export async function isCopied(db: Db, ticketId: number, contactId: number): Promise<boolean> {
  return (await db('ticket_copies').where({ ticket_id: ticketId, contact_id: contactId }).first('id')) !== undefined;
}

/** The account's contact with this e-mail (the account's unique key: one look-up, whatever its size). */
export async function copyCandidate(db: Db, accountId: number, email: string): Promise<CopyCandidate | undefined> {
  return db('contacts').where({ account_id: accountId, email }).first('id', 'first_name', 'last_name', 'email');
}

export async function insertCopy(
  db: Db,
  values: { ticketId: number; contactId: number; addedByUserId: number | null },
): Promise<void> {
  await db('ticket_copies').insert({
    ticket_id: values.ticketId,
    contact_id: values.contactId,
    added_by_user_id: values.addedByUserId,
  });
}

/** Removes a copy; returns whether there was one (two removals at once record one). */
export async function deleteCopy(db: Db, ticketId: number, contactId: number): Promise<boolean> {
  return (await db('ticket_copies').where({ ticket_id: ticketId, contact_id: contactId }).del()) > 0;
}

/**
 * Where the ticket's mail goes besides its requester: each copy's address and language — their
 * login's, when the address is someone's login, else the account's.
 */
export async function copyRecipients(db: Db, ticketId: number): Promise<{ email: string; locale: Locale }[]> {
  return db('ticket_copies as tc')
    .join('contacts as c', 'c.id', 'tc.contact_id')
    .join('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('users as u', 'u.email', 'c.email')
    .where('tc.ticket_id', ticketId)
    .orderBy('tc.id')
    .select('c.email', db.raw('coalesce(u.locale, a.locale) AS locale'));
}

/**
 * A merged ticket's copies go to the ticket that stays: once each, and not its requester, who
 * receives its mail anyway.
 */
export async function moveCopies(db: Db, sourceId: number, targetId: number): Promise<void> {
  await db.raw(
    `INSERT INTO ticket_copies (ticket_id, contact_id, added_by_user_id, created_at)
     SELECT :target, s.contact_id, s.added_by_user_id, s.created_at
       FROM ticket_copies s JOIN contacts c ON c.id = s.contact_id
      WHERE s.ticket_id = :source
        AND c.email <> (SELECT requester_email FROM tickets WHERE id = :target)
      ORDER BY s.id
     ON CONFLICT (ticket_id, contact_id) DO NOTHING`,
    { source: sourceId, target: targetId },
  );
  await db('ticket_copies').where({ ticket_id: sourceId }).del();
}
