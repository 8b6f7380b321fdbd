import { randomInt } from 'node:crypto';
import type { Db } from '../db/knex';
import { withinScope, type NumberScope } from './scope';

export const TICKETS_PER_PAGE = 25;
export const DEPARTMENTS = ['support', 'billing', 'sales'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const STATUSES = ['open', 'answered', 'customer_reply', 'on_hold', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

export interface TicketRow {
  id: number;
  account_id: number;
  number: string;
  subject: string;
  department: (typeof DEPARTMENTS)[number];
  priority: (typeof PRIORITIES)[number];
  status: TicketStatus;
  requester_email: string;
  opened_by_user_id: number | null;
  opened_by_contact_id: number | null;
  is_problem_report: boolean;
  source: 'portal' | 'email' | 'staff';
  account_number: string | null;
  service_name: string | null;
  created_at: Date;
  last_reply_at: Date;
}

export interface MessageRow {
  id: number;
  author_user_id: number | null;
  author_email: string;
  author_name: string;
  author_kind: 'customer' | 'staff' | 'system';
  body: string;
  internal: boolean;
  source: string;
  created_at: Date;
}

function ticketQuery(db: Db) {
  return db('tickets as t')
    .leftJoin('account_numbers as n', 'n.id', 't.account_number_id')
    .leftJoin('services as s', 's.id', 't.service_id')
    .select('t.*', 'n.number as account_number', 's.name as service_name');
}

/**
 * Tickets a customer user may see: owners and admins (scope 'all') see the account's; a member
 * limited to some account numbers sees those numbers' tickets and the ones they opened.
 */
function visible(db: Db, scope: NumberScope, userId: number) {
  const query = ticketQuery(db).where('t.account_id', scope.accountId);
  if (scope.accountScope === 'assigned') {
    query.where((w) => {
      withinScope(db, w, 't', scope);
      w.orWhere('t.opened_by_user_id', userId);
    });
  }
  return query;
}

export async function ticketsPage(
  db: Db,
  scope: NumberScope,
  userId: number,
  page: number,
): Promise<{ rows: TicketRow[]; hasMore: boolean }> {
  const rows = (await visible(db, scope, userId)
    .orderBy([
      { column: 't.last_reply_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ])
    .limit(TICKETS_PER_PAGE + 1)
    .offset((page - 1) * TICKETS_PER_PAGE)) as TicketRow[];
  return { rows: rows.slice(0, TICKETS_PER_PAGE), hasMore: rows.length > TICKETS_PER_PAGE };
}

export async function findVisibleTicket(
  db: Db,
  scope: NumberScope,
  userId: number,
  number: string,
): Promise<TicketRow | undefined> {
  if (!/^[0-9]{6}$/.test(number)) return undefined;
  return visible(db, scope, userId).where('t.number', number).first() as Promise<TicketRow | undefined>;
}

/** Any ticket by number, for the helpdesk. */
export async function findTicketByNumber(db: Db, number: string): Promise<TicketRow | undefined> {
  if (!/^[0-9]{6}$/.test(number)) return undefined;
  return ticketQuery(db).where('t.number', number).first() as Promise<TicketRow | undefined>;
}

export async function messagesOf(db: Db, ticketId: number, includeInternal: boolean): Promise<MessageRow[]> {
  const query = db('ticket_messages').where({ ticket_id: ticketId }).orderBy(['created_at', 'id']);
  if (!includeInternal) query.where({ internal: false });
  return query.select(
    'id',
    'author_user_id',
    'author_email',
    'author_name',
    'author_kind',
    'body',
    'internal',
    'source',
    'created_at',
  );
}

/** A public number: six random digits, unique (drawn again on the rare collision). */
export async function newTicketNumber(db: Db): Promise<string> {
  for (;;) {
    const number = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!(await db('tickets').where({ number }).first('id'))) return number;
  }
}
