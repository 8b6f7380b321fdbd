import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { prepared, type Db } from '../db/knex';
import type { TicketSearch } from '../domain/ticket-search';
import type { TicketEventRow } from './event-records';
import { keysetPage, type Cursor, type Page } from './pagination';
import { numbersWithinScope, ticketsWithinScope, withinScope, type NumberScope, type TicketScope } from './scope';

export const DEPARTMENTS = ['support', 'billing', 'sales'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const STATUSES = ['open', 'answered', 'customer_reply', 'on_hold', 'closed'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TicketStatus = (typeof STATUSES)[number];
export type TicketSource = 'portal' | 'email' | 'staff';

export interface TicketRow {
  id: number;
  account_id: number;
  number: string;
  subject: string;
  department: Department;
  priority: Priority;
  status: TicketStatus;
  requester_email: string;
  opened_by_user_id: number | null;
  opened_by_contact_id: number | null;
  is_problem_report: boolean;
  source: TicketSource;
  account_number: string | null;
  service_name: string | null;
  created_at: Date;
  last_reply_at: Date;
  /** When the helpdesk first answered (null: not yet). */
  first_response_at: Date | null;
  /** The unguessable half of the reference ticket e-mails carry for replies: [#NNNNNN-<reply_key>]. */
  reply_key: string;
  /** The helpdesk agent who owns it, and their name. */
  assigned_user_id: number | null;
  assignee_name: string | null;
  /** The ticket it was merged into, and that ticket's number. */
  merged_into_id: number | null;
  merged_into_number: string | null;
}

/** What the mail rules and the filing of replies need to know about a ticket. */
export type TicketRef = Pick<
  TicketRow,
  | 'id'
  | 'account_id'
  | 'number'
  | 'subject'
  | 'requester_email'
  | 'opened_by_user_id'
  | 'is_problem_report'
  | 'reply_key'
>;

export interface MessageRow {
  id: number;
  author_user_id: number | null;
  author_email: string;
  author_name: string;
  author_kind: 'customer' | 'staff' | 'system';
  body: string;
  /** The new text of an e-mailed message when it quoted anything (body keeps the whole message). */
  reply_text: string | null;
  internal: boolean;
  source: string;
  created_at: Date;
}

const REF_FIELDS = [
  't.id',
  't.account_id',
  't.number',
  't.subject',
  't.requester_email',
  't.opened_by_user_id',
  't.is_problem_report',
  't.reply_key',
];

/**
 * The ticket's own columns a page shows, named: `t.*` would also send the generated `search_vector`
 * (every word of the subject, as a tsvector) with every row of every list.
 */
const TICKET_COLUMNS = [
  't.id',
  't.account_id',
  't.number',
  't.subject',
  't.department',
  't.priority',
  't.status',
  't.requester_email',
  't.opened_by_user_id',
  't.opened_by_contact_id',
  't.is_problem_report',
  't.source',
  't.account_number_id',
  't.service_id',
  't.created_at',
  't.last_reply_at',
  't.first_response_at',
  't.reply_key',
  't.assigned_user_id',
  't.merged_into_id',
];

const isTicketNumber = (number: string) => /^[0-9]{6,8}$/.test(number);

/**
 * One ticket with the names a page shows beside it. Each name is read by its key in a subquery rather
 * than joined: the ticket is one row, and a join lets the planner hash a whole small table instead
 * (services and account numbers, seen on the platform-sized data set at its smoke size).
 */
function ticketQuery(db: Db) {
  return db('tickets as t').select(
    ...TICKET_COLUMNS,
    db.raw('(SELECT mt.number FROM tickets mt WHERE mt.id = t.merged_into_id) AS merged_into_number'),
    db.raw('(SELECT n.number FROM account_numbers n WHERE n.id = t.account_number_id) AS account_number'),
    db.raw('(SELECT s.name FROM services s WHERE s.id = t.service_id) AS service_name'),
    db.raw(
      "(SELECT au.first_name || ' ' || au.last_name FROM users au WHERE au.id = t.assigned_user_id) AS assignee_name",
    ),
  );
}

/**
 * Narrows a query on `tickets as t` to a search: the number, the requester's e-mail, or words of the
 * subject in Spanish or English (the generated search_vector, GIN-indexed).
 */
export function whereTicketMatches(query: Knex.QueryBuilder, search: TicketSearch | null): Knex.QueryBuilder {
  if (!search) return query;
  if (search.kind === 'number') return query.where('t.number', search.number);
  if (search.kind === 'email') return query.where('t.requester_email', search.email);
  return query.whereRaw(
    "t.search_vector @@ (websearch_to_tsquery('spanish'::regconfig, ?) || websearch_to_tsquery('english'::regconfig, ?))",
    [search.words, search.words],
  );
}

export interface TicketListFilter {
  search: TicketSearch | null;
  status: string;
}

/** What the ticket list shows of each ticket. */
export type TicketListRow = Pick<
  TicketRow,
  'id' | 'number' | 'subject' | 'department' | 'status' | 'last_reply_at' | 'account_number'
>;

/**
 * The tickets a customer user sees (searched, of one status), newest activity first, a page at a
 * time. Its columns are named, so the list runs prepared unless it is a search.
 */
export function ticketsPage(
  db: Db,
  scope: TicketScope,
  cursor: Cursor,
  filter: TicketListFilter = { search: null, status: '' },
): Promise<Page<TicketListRow>> {
  const list = db('tickets as t')
    .leftJoin('account_numbers as n', 'n.id', 't.account_number_id')
    .select(
      't.id',
      't.number',
      't.subject',
      't.department',
      't.status',
      't.last_reply_at',
      'n.number as account_number',
    );
  const query = whereTicketMatches(ticketsWithinScope(db, list, 't', scope), filter.search);
  if ((STATUSES as readonly string[]).includes(filter.status)) query.where('t.status', filter.status);
  return keysetPage<TicketListRow>(query, {
    columns: ['t.last_reply_at', 't.id'],
    direction: 'desc',
    anchor: (id) =>
      ticketsWithinScope(db, db('tickets as t').where('t.id', id).select('t.last_reply_at', 't.id'), 't', scope),
    cursor,
    prepared: !filter.search,
  });
}

/** One ticket the user sees; another account's, or a number outside their scope, is not found. */
export async function findVisibleTicket(db: Db, scope: TicketScope, number: string): Promise<TicketRow | undefined> {
  if (!isTicketNumber(number)) return undefined;
  return ticketsWithinScope(db, ticketQuery(db), 't', scope).where('t.number', number).first() as Promise<
    TicketRow | undefined
  >;
}

/** Any ticket by number, for the helpdesk. */
export async function findTicketByNumber(db: Db, number: string): Promise<TicketRow | undefined> {
  if (!isTicketNumber(number)) return undefined;
  return ticketQuery(db).where('t.number', number).first() as Promise<TicketRow | undefined>;
}

export async function findTicketRef(db: Db, id: number): Promise<TicketRef | undefined> {
  return db('tickets as t').where('t.id', id).first(REF_FIELDS);
}

/** The ticket an e-mail answers: by a Message-ID the app sent, then one it received on a ticket. */
export async function ticketByMessageIds(db: Db, ids: string[]): Promise<TicketRef | undefined> {
  if (!ids.length) return undefined;
  const byOutbox = await db('mail_outbox as o')
    .join('tickets as t', 't.id', 'o.ticket_id')
    .whereIn('o.message_id', ids)
    .first(REF_FIELDS);
  if (byOutbox) return byOutbox;
  return db('ticket_messages as m')
    .join('tickets as t', 't.id', 'm.ticket_id')
    .whereIn('m.email_message_id', ids)
    .first(REF_FIELDS);
}

export async function ticketRefByNumber(db: Db, number: string): Promise<TicketRef | undefined> {
  if (!isTicketNumber(number)) return undefined;
  return db('tickets as t').where('t.number', number).first(REF_FIELDS);
}

/** The ticket of a full reply reference: its number and its key must both match. */
export async function ticketRefByReference(db: Db, number: string, key: string): Promise<TicketRef | undefined> {
  if (!isTicketNumber(number) || !/^[0-9a-f]{24}$/.test(key)) return undefined;
  return db('tickets as t').where({ 't.number': number, 't.reply_key': key }).first(REF_FIELDS);
}

/** Whether the ticket is within the scope (the portal's rule: models/scope.ts). */
export async function ticketWithinScope(db: Db, scope: TicketScope, ticketId: number): Promise<boolean> {
  const row = await ticketsWithinScope(db, db('tickets as t').where('t.id', ticketId), 't', scope).first('t.id');
  return row !== undefined;
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
    'reply_text',
    'internal',
    'source',
    'created_at',
  );
}

export interface NumberChoice {
  id: number;
  number: string;
  label: string;
}
export interface ServiceChoice {
  id: number;
  name: string;
  number: string;
}

/** The account numbers and services a user may attach to a ticket: those within their scope. */
export async function ticketChoices(
  db: Db,
  scope: NumberScope,
): Promise<{ numbers: NumberChoice[]; services: ServiceChoice[] }> {
  const numbers: NumberChoice[] = await numbersWithinScope(
    db,
    db('account_numbers as a').select('a.id', 'a.number', 'a.label').orderBy('a.number'),
    'a',
    scope,
  );
  const services: ServiceChoice[] = await withinScope(
    db,
    db('services as s')
      .join('account_numbers as n', 'n.id', 's.account_number_id')
      .select('s.id', 's.name', 'n.number')
      .orderBy(['n.number', 's.name']),
    's',
    scope,
  );
  return { numbers, services };
}

/** Public ticket numbers have six digits while free ones are easy to find, then seven, then eight. */
export const TICKET_NUMBER_DIGITS = { min: 6, max: 8 } as const;
/** Draws at one width that land on taken numbers before the next width is used. */
const DRAWS_PER_WIDTH = 3;

/** A random integer from min (inclusive) to max (exclusive). */
export type Draw = (min: number, max: number) => number;

/**
 * A public number, unique across the platform: six random digits (`#NNNNNN`, with leading zeros);
 * when three draws in a row land on taken numbers (the six-digit space is filling up), seven digits,
 * then eight (never with a leading zero, so no two widths can be confused). The platform never runs
 * out, and a provider with fewer tickets never sees anything but six digits.
 */
export async function newTicketNumber(db: Db, draw: Draw = randomInt): Promise<string> {
  return withFreeNumber(draw, async (number) =>
    (await db('tickets').where({ number }).first('id')) ? undefined : number,
  );
}

/** Draws numbers by the rule above until `use` takes one (anything but undefined: the number was free). */
async function withFreeNumber<T>(draw: Draw, use: (number: string) => Promise<T | undefined>): Promise<T> {
  for (let digits: number = TICKET_NUMBER_DIGITS.min; ; digits = Math.min(digits + 1, TICKET_NUMBER_DIGITS.max)) {
    for (let i = 0; i < DRAWS_PER_WIDTH; i++) {
      const number =
        digits === TICKET_NUMBER_DIGITS.min
          ? String(draw(0, 10 ** digits)).padStart(digits, '0')
          : String(draw(10 ** (digits - 1), 10 ** digits));
      const taken = await use(number);
      if (taken !== undefined) return taken;
    }
  }
}

export interface NewTicket {
  accountId: number;
  subject: string;
  department: string;
  priority: string;
  accountNumberId: number | null;
  serviceId: number | null;
  problemReport: boolean;
  openedByUserId: number | null;
  openedByContactId: number | null;
  requesterEmail: string;
  source: TicketSource;
}

/**
 * A new ticket with its first message, under a fresh public number (drawn as `newTicketNumber`
 * does), in one statement per draw: a number someone holds makes the insert do nothing, and the
 * next number is tried. Returns the ticket, as its webhook events carry it too, and the message's id.
 */
export async function insertTicketWithMessage(
  db: Db,
  ticket: NewTicket,
  message: Omit<NewMessage, 'ticketId'>,
  draw: Draw = randomInt,
): Promise<{ ticket: TicketRef & TicketEventRow; messageId: number }> {
  return withFreeNumber(draw, async (number) => {
    const result = await prepared(
      db.raw<{ rows: (TicketRef & TicketEventRow & { message_id: number })[] }>(
        `WITH t AS (
         INSERT INTO tickets (account_id, number, subject, department, priority, account_number_id, service_id,
                              is_problem_report, opened_by_user_id, opened_by_contact_id, requester_email, source)
         VALUES (:accountId, :number, :subject, :department, :priority, :accountNumberId, :serviceId,
                 :problemReport, :openedByUserId, :openedByContactId, :requesterEmail, :source)
         ON CONFLICT (number) DO NOTHING
         RETURNING id, account_id, number, subject, requester_email, opened_by_user_id, is_problem_report, reply_key,
                   department, priority, status, source, created_at, updated_at
       ), m AS (
         INSERT INTO ticket_messages (ticket_id, author_user_id, author_email, author_name, author_kind, body,
                                      reply_text, internal, source, email_message_id)
         SELECT t.id, CAST(:authorUserId AS bigint), CAST(:authorEmail AS text), CAST(:authorName AS text),
                CAST(:authorKind AS text), CAST(:body AS text), CAST(:replyText AS text), CAST(:internal AS boolean),
                CAST(:messageSource AS text), CAST(:emailMessageId AS text)
           FROM t
         RETURNING id
       )
       SELECT t.*, m.id AS message_id FROM t, m`,
        {
          accountId: ticket.accountId,
          number,
          subject: ticket.subject,
          department: ticket.department,
          priority: ticket.priority,
          accountNumberId: ticket.accountNumberId,
          serviceId: ticket.serviceId,
          problemReport: ticket.problemReport,
          openedByUserId: ticket.openedByUserId,
          openedByContactId: ticket.openedByContactId,
          requesterEmail: ticket.requesterEmail,
          source: ticket.source,
          authorUserId: message.authorUserId,
          authorEmail: message.authorEmail,
          authorName: message.authorName,
          authorKind: message.authorKind,
          body: message.body,
          replyText: message.replyText ?? null,
          internal: message.internal,
          messageSource: message.source,
          emailMessageId: message.emailMessageId,
        },
      ),
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const { message_id: messageId, ...created } = row;
    return { ticket: created, messageId };
  });
}

export interface NewMessage {
  ticketId: number;
  authorUserId: number | null;
  authorEmail: string;
  authorName: string;
  authorKind: 'customer' | 'staff';
  body: string;
  /** What is shown of it when that is less than the body (an e-mail's quoted history trimmed). */
  replyText?: string | null;
  internal: boolean;
  source: TicketSource;
  emailMessageId: string | null;
}

/** Writes a message on a ticket; returns its id. */
export async function insertMessage(db: Db, values: NewMessage): Promise<number> {
  const [row] = await db('ticket_messages')
    .insert({
      ticket_id: values.ticketId,
      author_user_id: values.authorUserId,
      author_email: values.authorEmail,
      author_name: values.authorName,
      author_kind: values.authorKind,
      body: values.body,
      reply_text: values.replyText ?? null,
      internal: values.internal,
      source: values.source,
      email_message_id: values.emailMessageId,
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** A reply someone outside can read moves the ticket to the top and sets who is waiting on whom. */
export async function markReplied(db: Db, ticketId: number, status: TicketStatus): Promise<void> {
  await db('tickets')
    .where({ id: ticketId })
    .update({
      status,
      last_reply_at: db.fn.now(),
      updated_at: db.fn.now(),
      // The helpdesk's first answer stops the first-response clock.
      ...(status === 'answered' ? { first_response_at: db.raw('coalesce(first_response_at, now())') } : {}),
    });
}

/** Sets the status; returns the one it had (read under a row lock), or undefined if there is no such ticket. */
export async function updateStatus(db: Db, ticketId: number, status: TicketStatus): Promise<TicketStatus | undefined> {
  const before = await db('tickets').where({ id: ticketId }).forUpdate().first('status');
  if (!before) return undefined;
  await db('tickets').where({ id: ticketId }).update({ status, updated_at: db.fn.now() });
  return before.status as TicketStatus;
}

/** Sets the agent who owns the ticket; returns the one it had (read under a row lock), or undefined if there is no such ticket. */
export async function updateAssignee(
  db: Db,
  ticketId: number,
  userId: number | null,
): Promise<{ assigned_user_id: number | null } | undefined> {
  const before = await db('tickets').where({ id: ticketId }).forUpdate().first('assigned_user_id');
  if (!before) return undefined;
  await db('tickets').where({ id: ticketId }).update({ assigned_user_id: userId, updated_at: db.fn.now() });
  return before as { assigned_user_id: number | null };
}

/** Where a ticket's replies go: the ticket it was merged into (followed to the end), else itself. */
export async function followMerges(db: Db, ticket: TicketRef): Promise<TicketRef> {
  let current = ticket;
  for (let hops = 0; hops < 10; hops++) {
    const next = await db('tickets as s')
      .join('tickets as t', 't.id', 's.merged_into_id')
      .where('s.id', current.id)
      .first(REF_FIELDS);
    if (!next) return current;
    current = next as TicketRef;
  }
  return current;
}

/**
 * Moves a ticket's messages and files onto another (their dates kept), closes it and points it
 * there; the target's activity is the latest of both.
 */
export async function mergeInto(db: Db, sourceId: number, targetId: number): Promise<void> {
  await db('ticket_messages').where({ ticket_id: sourceId }).update({ ticket_id: targetId });
  await db('ticket_attachments').where({ ticket_id: sourceId }).update({ ticket_id: targetId });
  const source = await db('tickets').where({ id: sourceId }).first('last_reply_at');
  await db('tickets')
    .where({ id: sourceId })
    .update({ status: 'closed', merged_into_id: targetId, updated_at: db.fn.now() });
  await db('tickets')
    .where({ id: targetId })
    .update({
      last_reply_at: db.raw('greatest(last_reply_at, ?)', [source.last_reply_at]),
      updated_at: db.fn.now(),
    });
}

/** Locks two tickets' rows in id order (two merges at once cannot deadlock); returns whether both still exist unmerged. */
export async function lockForMerge(db: Db, ids: [number, number]): Promise<boolean> {
  const rows = await db('tickets')
    .whereIn('id', ids)
    .whereNull('merged_into_id')
    .orderBy('id')
    .forUpdate()
    .select('id');
  return rows.length === 2;
}
