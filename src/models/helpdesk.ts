import type { Db } from '../db/knex';
import { STATUSES, DEPARTMENTS } from './tickets';

export const QUEUE_PAGE = 25;

export interface QueueFilter {
  status: string;
  department: string;
  account: string;
}

/** Open work for the helpdesk: tickets (not closed unless asked for), newest activity first. */
export async function ticketQueue(db: Db, filter: QueueFilter, page: number) {
  const query = db('tickets as t')
    .join('accounts as a', 'a.id', 't.account_id')
    .select(
      't.number',
      't.subject',
      't.status',
      't.department',
      't.priority',
      't.requester_email',
      't.last_reply_at',
      'a.name as account_name',
      'a.id as account_id',
    )
    .orderBy([
      { column: 't.last_reply_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ])
    .limit(QUEUE_PAGE + 1)
    .offset((page - 1) * QUEUE_PAGE);
  if ((STATUSES as readonly string[]).includes(filter.status)) query.where('t.status', filter.status);
  else query.whereNot('t.status', 'closed');
  if ((DEPARTMENTS as readonly string[]).includes(filter.department)) query.where('t.department', filter.department);
  if (filter.account)
    query.where((w) => {
      void w.whereILike('a.name', `%${escapeLike(filter.account)}%`).orWhere('a.realm', filter.account.toLowerCase());
    });
  const rows = await query;
  return { rows: rows.slice(0, QUEUE_PAGE), hasMore: rows.length > QUEUE_PAGE };
}

export async function heldRequests(db: Db, limit = 50) {
  return db('inbound_messages as i')
    .leftJoin('accounts as a', 'a.id', 'i.account_id')
    .where('i.status', 'held')
    .orderBy('i.received_at')
    .limit(limit)
    .select(
      'i.id',
      'i.from_email',
      'i.from_name',
      'i.subject',
      'i.hold_reason',
      'i.received_at',
      'a.name as account_name',
    );
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type RequesterStatus = 'authorized' | 'unverified' | 'unknown' | 'rejected';

/** How far the helpdesk may trust whoever asks, for one account: the seed's authorization check. */
export async function requesterStatus(
  db: Db,
  accountId: number,
  email: string,
): Promise<{ status: RequesterStatus; contactId: number | null; note: string }> {
  const manager = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': accountId, 'u.email': email })
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .first('m.role');
  const contact = await db('contacts')
    .where({ account_id: accountId, email })
    .first('id', 'authorization_status', 'validation_note');
  if (manager) return { status: 'authorized', contactId: contact?.id ?? null, note: '' };
  if (!contact) return { status: 'unknown', contactId: null, note: '' };
  return { status: contact.authorization_status, contactId: contact.id, note: contact.validation_note };
}

/** Accounts by name, realm, account number or any contact's e-mail. */
export async function lookUpAccounts(db: Db, q: string) {
  const term = q.trim();
  if (term.length < 2) return [];
  const like = `%${escapeLike(term)}%`;
  return db('accounts as a')
    .leftJoin('accounts as p', 'p.id', 'a.parent_id')
    .where((w) => {
      void w
        .whereILike('a.name', like)
        .orWhere('a.realm', term.toLowerCase())
        .orWhereIn('a.id', db('account_numbers').select('account_id').where('number', term))
        .orWhereIn('a.id', db('contacts').select('account_id').where('email', term.toLowerCase()));
    })
    .orderBy('a.name')
    .limit(50)
    .select('a.id', 'a.name', 'a.realm', 'a.kind', 'p.name as parent_name');
}
