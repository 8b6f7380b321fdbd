import { prepared, type Db } from '../db/knex';
import { keysetPage, type Cursor, type Page } from './pagination';
import type { TicketSearch } from '../domain/ticket-search';
import { DEPARTMENTS, STATUSES, whereTicketMatches, type TicketStatus } from './tickets';

/**
 * What the helpdesk console reads and writes across accounts: the queue, held requests, who asks
 * and whether they may, and the contacts staff validate or reject. Staff see every customer account.
 */

/** The queue's tabs: the agent's own tickets, nobody's, or all of them. */
export const QUEUE_VIEWS = ['mine', 'unassigned', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** The queue's orders: latest activity first, oldest first, or most urgent (then oldest) first. */
export const QUEUE_SORTS = ['activity', 'age', 'priority'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilter {
  view: QueueView;
  q: string;
  sort: QueueSort;
  status: string;
  department: string;
  account: string;
}

export interface QueueRow {
  id: number;
  number: string;
  subject: string;
  status: TicketStatus;
  department: string;
  priority: string;
  requester_email: string;
  created_at: Date;
  first_response_at: Date | null;
  last_reply_at: Date;
  account_name: string;
  account_id: number;
  assignee_name: string | null;
}

/** Each order's keyset (tickets_open_idx, tickets_open_age_idx, tickets_open_priority_idx). */
const QUEUE_ORDER: Record<QueueSort, { columns: string[]; direction: 'asc' | 'desc' }> = {
  activity: { columns: ['t.last_reply_at', 't.id'], direction: 'desc' },
  age: { columns: ['t.created_at', 't.id'], direction: 'asc' },
  priority: { columns: ['t.priority_order', 't.created_at', 't.id'], direction: 'asc' },
};

/**
 * Open work for the helpdesk: tickets (not closed unless asked for), newest activity first; in the
 * «Mis tickets» view those assigned to `agentId`, in «Sin asignar» those assigned to nobody.
 */
export function ticketQueue(
  db: Db,
  filter: QueueFilter,
  search: TicketSearch | null,
  cursor: Cursor,
  agentId: number,
): Promise<Page<QueueRow>> {
  const query = db('tickets as t')
    .join('accounts as a', 'a.id', 't.account_id')
    .leftJoin('users as au', 'au.id', 't.assigned_user_id')
    .select(
      't.id',
      't.number',
      't.subject',
      't.status',
      't.department',
      't.priority',
      't.requester_email',
      't.created_at',
      't.first_response_at',
      't.last_reply_at',
      'a.name as account_name',
      'a.id as account_id',
      db.raw("au.first_name || ' ' || au.last_name AS assignee_name"),
    );
  if (filter.view === 'mine') query.where('t.assigned_user_id', agentId);
  else if (filter.view === 'unassigned') query.whereNull('t.assigned_user_id');
  whereTicketMatches(query, search);
  // A number or an e-mail finds closed tickets too; words look in the open queue unless a status is chosen.
  // The status is written into the statement (one of STATUSES, never the visitor's text), not bound:
  // the open tickets' partial indexes say `status <> 'closed'`, and a prepared statement's generic
  // plan can use them only when it knows the value, so PostgreSQL would plan every execution anew.
  const status = STATUSES.find((s) => s === filter.status);
  if (status) query.whereRaw(`t.status = '${status}'`);
  else if (!search || search.kind === 'words') query.whereRaw(`t.status <> 'closed'`);
  if ((DEPARTMENTS as readonly string[]).includes(filter.department)) query.where('t.department', filter.department);
  if (filter.account)
    query.where((w) => {
      void w.whereILike('a.name', `%${escapeLike(filter.account)}%`).orWhere('a.realm', filter.account.toLowerCase());
    });
  const { columns, direction } = QUEUE_ORDER[filter.sort];
  return keysetPage<QueueRow>(query, {
    columns,
    direction,
    anchor: (id) =>
      db('tickets as t')
        .where('t.id', id)
        .select(...columns),
    cursor,
    // A search or an account's name is planned for its words; the queue's tabs and filters are not.
    prepared: !search && !filter.account,
  });
}

export interface HelpdeskAgent {
  id: number;
  name: string;
  email: string;
}

/** The helpdesk's agents: everyone with a membership of the platform account that is not blocked. */
export async function helpdeskAgents(db: Db): Promise<HelpdeskAgent[]> {
  return db('memberships as m')
    .join('accounts as a', 'a.id', 'm.account_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where('a.kind', 'platform')
    .whereNull('m.blocked_at')
    .groupBy('u.id')
    .orderBy(['u.first_name', 'u.last_name', 'u.id'])
    .select('u.id', 'u.email', db.raw("u.first_name || ' ' || u.last_name AS name"));
}

/** One helpdesk agent by user id, or undefined when the user is not one. */
export async function findHelpdeskAgent(db: Db, userId: number): Promise<HelpdeskAgent | undefined> {
  return db('memberships as m')
    .join('accounts as a', 'a.id', 'm.account_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'a.kind': 'platform', 'u.id': userId })
    .whereNull('m.blocked_at')
    .first('u.id', 'u.email', db.raw("u.first_name || ' ' || u.last_name AS name"));
}

/** How many held mails the queue shows, the oldest first; all of them are on /staff/requests. */
const HELD_ON_QUEUE = 5;

/** How many mails are held, through the partial index `inbound_messages_held_idx`. */
const WAITING = "(SELECT count(*) FROM inbound_messages WHERE status = 'held')::int AS waiting";

const HELD_COLUMNS = [
  'i.id',
  'i.from_email',
  'i.from_name',
  'i.subject',
  'i.hold_reason',
  'i.received_at',
  'a.name as account_name',
];

function heldMail(db: Db) {
  return db('inbound_messages as i').leftJoin('accounts as a', 'a.id', 'i.account_id').whereRaw("i.status = 'held'");
}

/**
 * The queue's glance at held mail: the few oldest, and how many wait in all, in one prepared
 * statement (the queue asks on every visit). It has no parameters: bound, `status` and the limit
 * kept PostgreSQL from the generic plan (which can use the partial index
 * `inbound_messages_held_idx` only when it knows `status = 'held'`), so it planned the statement
 * again on every execution.
 */
export async function oldestHeldRequests(db: Db): Promise<{ rows: HeldRequestRow[]; waiting: number }> {
  const rows = await prepared(
    heldMail(db)
      .orderBy(['i.received_at', 'i.id'])
      .limit(HELD_ON_QUEUE, { skipBinding: true })
      .select<(HeldRequestRow & { waiting: number })[]>(...HELD_COLUMNS, db.raw(WAITING)),
  );
  return { rows, waiting: rows[0]?.waiting ?? 0 };
}

/** Every held mail, the oldest first, a page at a time (/staff/requests). */
export function heldRequestsPage(db: Db, cursor: Cursor): Promise<Page<HeldRequestRow>> {
  return keysetPage<HeldRequestRow>(heldMail(db).select(...HELD_COLUMNS), {
    columns: ['i.received_at', 'i.id'],
    direction: 'asc',
    // Any inbound mail may anchor a page: the one a link names may have been dealt with since.
    anchor: (id) => db('inbound_messages as i').where('i.id', id).select('i.received_at', 'i.id'),
    cursor,
    prepared: true,
  });
}

/** How many mails are held for the helpdesk. */
export async function countHeldRequests(db: Db): Promise<number> {
  const result = await db.raw<{ rows: { waiting: number }[] }>(`SELECT ${WAITING}`);
  return result.rows[0].waiting;
}

export interface HeldRequestRow {
  id: number;
  from_email: string;
  from_name: string;
  subject: string;
  hold_reason: string;
  received_at: Date;
  account_name: string | null;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Accounts by name, realm or its start (`k7m2`), account number or any contact's e-mail. Each way
 * is its own indexed lookup (the name through its trigram index, the realm's start through
 * accounts_realm_prefix_idx), joined by UNION: one OR across them made PostgreSQL read every account.
 */
export async function lookUpAccounts(db: Db, q: string) {
  const term = q.trim();
  if (term.length < 2) return [];
  const like = `%${escapeLike(term)}%`;
  const matches = db('accounts')
    .select('id')
    .whereILike('name', like)
    // Realms are lower case; a prefix LIKE uses accounts_realm_prefix_idx.
    .union(
      db('accounts')
        .select('id')
        .whereLike('realm', `${escapeLike(term.toLowerCase())}%`),
    )
    .union(db('account_numbers').select('account_id').where('number', term))
    .union(db('contacts').select('account_id').where('email', term.toLowerCase()));
  return db('accounts as a')
    .leftJoin('accounts as p', 'p.id', 'a.parent_id')
    .whereIn('a.id', matches)
    .orderBy('a.name')
    .limit(50)
    .select('a.id', 'a.name', 'a.realm', 'a.kind', 'p.name as parent_name');
}

/** A customer account named by its realm or one of its account numbers (how a sender says who they are). */
export async function customerAccountByRealmOrNumber(db: Db, term: string): Promise<number | null> {
  const account = await db('accounts')
    .where({ kind: 'customer' })
    .where((w) => {
      void w.where('realm', term).orWhereIn('id', db('account_numbers').select('account_id').where('number', term));
    })
    .first('id');
  return account?.id ?? null;
}

/** An account's name and realm, for a page's heading. */
export async function accountHeading(
  db: Db,
  id: number,
): Promise<{ id: number; name: string; realm: string } | undefined> {
  return db('accounts').where({ id }).first('id', 'name', 'realm');
}

/** An account as the helpdesk sees it: its parent, numbers, contacts (unverified first) and open tickets. */
export async function accountOverview(db: Db, id: number) {
  const account = await db('accounts as a')
    .leftJoin('accounts as p', 'p.id', 'a.parent_id')
    .where('a.id', id)
    .first('a.*', 'p.name as parent_name');
  if (!account) return undefined;
  const contacts = await db('contacts as c')
    .leftJoin('users as v', 'v.id', 'c.validated_by_user_id')
    .where('c.account_id', id)
    .orderByRaw("CASE c.authorization_status WHEN 'unverified' THEN 0 WHEN 'rejected' THEN 1 ELSE 2 END")
    .orderBy(['c.last_name', 'c.first_name'])
    .limit(200)
    .select(
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.authorization_status',
      'c.validation_note',
      'c.validated_at',
      'v.first_name as validated_by',
    );
  const numbers: string[] = await db('account_numbers').where({ account_id: id }).orderBy('number').pluck('number');
  const tickets = await db('tickets')
    .where({ account_id: id })
    .whereNot('status', 'closed')
    .orderBy('last_reply_at', 'desc')
    .limit(20)
    .select('number', 'subject', 'status');
  return { account, contacts, numbers, tickets };
}

/** The contacts, in any account, with a held request's sender address. */
export async function contactsOfSender(db: Db, email: string) {
  return db('contacts as c')
    .join('accounts as a', 'a.id', 'c.account_id')
    .where('c.email', email)
    .select(
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.authorization_status',
      'c.validation_note',
      'a.id as account_id',
      'a.name as account_name',
      'a.realm',
    );
}

export interface StaffContact {
  id: number;
  account_id: number;
  email: string;
}

/** Any contact by id: the helpdesk validates contacts of every account. */
export async function findContactForStaff(db: Db, id: number): Promise<StaffContact | undefined> {
  return db('contacts').where({ id }).first('id', 'account_id', 'email');
}

/** Records that staff confirmed the contact may act for the account, when, and how. */
export async function markContactAuthorized(db: Db, id: number, staffUserId: number, note: string): Promise<void> {
  await db('contacts').where({ id }).update({
    authorization_status: 'authorized',
    validated_by_user_id: staffUserId,
    validated_at: db.fn.now(),
    validation_note: note,
    updated_at: db.fn.now(),
  });
}

/** A sender who says they belong to an account becomes an unverified contact there (once). */
export async function addUnverifiedContact(
  db: Db,
  values: { accountId: number; email: string; firstName: string; lastName: string },
): Promise<void> {
  await db('contacts')
    .insert({
      account_id: values.accountId,
      first_name: values.firstName,
      last_name: values.lastName,
      email: values.email,
      authorization_status: 'unverified',
    })
    .onConflict(['account_id', 'email'])
    .ignore();
}

/** The unverified contacts with this address are rejected: their later mail stays held. */
export async function rejectUnverifiedContacts(
  db: Db,
  email: string,
  staffUserId: number,
  note: string,
): Promise<void> {
  await db('contacts').where({ email, authorization_status: 'unverified' }).update({
    authorization_status: 'rejected',
    validated_by_user_id: staffUserId,
    validated_at: db.fn.now(),
    validation_note: note,
  });
}

/** The first name the account knows a requester by: their login's, else their contact's. */
export async function requesterFirstName(db: Db, accountId: number, email: string): Promise<string | undefined> {
  const user = await db('users as u')
    .join('memberships as m', 'm.user_id', 'u.id')
    .where({ 'u.email': email, 'm.account_id': accountId })
    .first('u.first_name');
  if (user) return user.first_name as string;
  const contact = await db('contacts').where({ account_id: accountId, email }).first('first_name');
  return (contact?.first_name as string | undefined) || undefined;
}
