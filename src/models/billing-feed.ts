import type { Knex } from 'knex';
import { prepared, type Db } from '../db/knex';
import { bindingsOf, type SqlPart } from '../db/sql-part';
import { auditRowsPart, type AuditEventRow } from './audit-events';
import { contactNoticePart, type ContactNotice } from './mail-outbox';
import { eventsPart, type NewEvent } from './webhooks';
import { keysetPage, type Cursor, type Page } from './pagination';

/*
 * What the provider's billing system keeps current (issue 19, item 5): account numbers, services and
 * invoices, each keyed by the billing system's own number within one customer account. The portal's
 * reads are in models/billing.ts; these are the writes and the API's lists (keyset on id).
 */

export const ACCOUNT_NUMBER_STATUSES = ['active', 'closed'] as const;
export const SERVICE_KINDS = ['telephony', 'internet', 'hosting', 'domain', 'other'] as const;
export const SERVICE_STATUSES = ['active', 'pending', 'suspended', 'cancelled'] as const;
export const INVOICE_STATUSES = ['paid', 'unpaid', 'overdue', 'cancelled'] as const;

export type AccountNumberStatus = (typeof ACCOUNT_NUMBER_STATUSES)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface AccountNumberRecord {
  id: number;
  number: string;
  label: string;
  status: AccountNumberStatus;
  created_at: Date;
}

export interface ServiceRecord {
  id: number;
  external_id: string;
  account_number: string;
  name: string;
  kind: ServiceKind;
  status: ServiceStatus;
  price_cents: number;
  currency: string;
  next_due_date: string | null;
  created_at: Date;
}

export interface InvoiceItemRecord {
  description: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
}

export interface InvoiceRecord {
  id: number;
  number: string;
  account_number: string;
  issued_on: string;
  due_on: string;
  currency: string;
  status: InvoiceStatus;
  total_cents: number;
  items: InvoiceItemRecord[];
  created_at: Date;
}

/** The API's lists: the account's rows of one table (aliased `alias` in `query`), a page at a time by id. */
function pageById<T extends { id: number }>(
  db: Db,
  table: 'account_numbers' | 'services' | 'invoices',
  query: Knex.QueryBuilder,
  accountId: number,
  cursor: Cursor,
  size?: number,
): Promise<Page<T>> {
  const alias = table === 'account_numbers' ? 'n' : table === 'services' ? 's' : 'i';
  return keysetPage<T>(query, {
    columns: [`${alias}.id`],
    direction: 'asc',
    anchor: (id) => db(table).where({ id, account_id: accountId }).select('id'),
    cursor,
    size,
  });
}

/**
 * Inserts a record of the account under the billing system's key unless the account has that key
 * already: then undefined (someone else just wrote it; the caller finds and updates it).
 */
async function insertUnlessKeyTaken<T>(
  trx: Db,
  table: 'account_numbers' | 'services',
  key: 'number' | 'external_id',
  row: Record<string, unknown>,
  returning: string[],
): Promise<T | undefined> {
  const [inserted] = await trx(table).insert(row).onConflict(['account_id', key]).ignore().returning(returning);
  return inserted as T | undefined;
}

/** Writes what changed of a record the feed found by its key (inside the upsert's transaction). */
async function updateById(
  trx: Db,
  table: 'account_numbers' | 'services' | 'invoices',
  id: number,
  values: object,
): Promise<void> {
  await trx(table).where({ id }).update(values);
}

// --- Account numbers ---------------------------------------------------------------------------

const NUMBER_COLUMNS = ['n.id', 'n.number', 'n.label', 'n.status', 'n.created_at'];

/** One number of the account (locked for the rest of the transaction when `lock`). */
export async function findAccountNumber(
  db: Db,
  accountId: number,
  number: string,
  lock = false,
): Promise<AccountNumberRecord | undefined> {
  const query = db('account_numbers as n').where({ 'n.account_id': accountId, 'n.number': number });
  if (lock) void query.forUpdate();
  return query.first(NUMBER_COLUMNS);
}

/** Inserts the number unless the account has it already (then undefined: someone else just did). */
export async function insertAccountNumber(
  trx: Db,
  accountId: number,
  values: { number: string; label: string; status: AccountNumberStatus },
): Promise<AccountNumberRecord | undefined> {
  return insertUnlessKeyTaken(trx, 'account_numbers', 'number', { account_id: accountId, ...values }, [
    'id',
    'number',
    'label',
    'status',
    'created_at',
  ]);
}

export const updateAccountNumber = (trx: Db, id: number, values: { label: string; status: AccountNumberStatus }) =>
  updateById(trx, 'account_numbers', id, values);

export const accountNumbersPage = (db: Db, accountId: number, cursor: Cursor, size?: number) =>
  pageById<AccountNumberRecord>(
    db,
    'account_numbers',
    db('account_numbers as n').where('n.account_id', accountId).select(NUMBER_COLUMNS),
    accountId,
    cursor,
    size,
  );

// --- Services ----------------------------------------------------------------------------------

const servicesWithNumbers = (db: Db, accountId: number) =>
  db('services as s')
    .join('account_numbers as n', function join() {
      this.on('n.id', '=', 's.account_number_id').andOn('n.account_id', '=', 's.account_id');
    })
    .where('s.account_id', accountId)
    .whereNotNull('s.external_id');

const SERVICE_COLUMNS = [
  's.id',
  's.external_id',
  'n.number as account_number',
  's.name',
  's.kind',
  's.status',
  's.price_cents',
  's.currency',
  's.next_due_date',
  's.created_at',
];

export interface ServiceValues {
  account_number_id: number;
  name: string;
  kind: ServiceKind;
  status: ServiceStatus;
  price_cents: number;
  currency: string;
  next_due_date: string | null;
}

export async function findServiceByExternalId(
  db: Db,
  accountId: number,
  externalId: string,
  lock = false,
): Promise<ServiceRecord | undefined> {
  const query = servicesWithNumbers(db, accountId).where('s.external_id', externalId);
  if (lock) void query.forUpdate('s');
  return query.first(SERVICE_COLUMNS);
}

/** Inserts the service unless the account has that external id already (then false). */
export async function insertService(
  trx: Db,
  accountId: number,
  externalId: string,
  values: ServiceValues,
): Promise<boolean> {
  const row = { account_id: accountId, external_id: externalId, ...values };
  return (await insertUnlessKeyTaken(trx, 'services', 'external_id', row, ['id'])) !== undefined;
}

export const updateService = (trx: Db, id: number, values: ServiceValues) => updateById(trx, 'services', id, values);

export const feedServicesPage = (db: Db, accountId: number, cursor: Cursor, size?: number) =>
  pageById<ServiceRecord>(
    db,
    'services',
    servicesWithNumbers(db, accountId).select(SERVICE_COLUMNS),
    accountId,
    cursor,
    size,
  );

// --- Invoices ----------------------------------------------------------------------------------

const invoicesWithNumbers = (db: Db, accountId: number) =>
  db('invoices as i')
    .join('account_numbers as n', function join() {
      this.on('n.id', '=', 'i.account_number_id').andOn('n.account_id', '=', 'i.account_id');
    })
    .where('i.account_id', accountId);

const INVOICE_COLUMNS = [
  'i.id',
  'i.number',
  'n.number as account_number',
  'i.issued_on',
  'i.due_on',
  'i.currency',
  'i.status',
  'i.total_cents',
  'i.created_at',
];

export interface InvoiceValues {
  account_number_id: number;
  issued_on: string;
  due_on: string;
  currency: string;
  status: InvoiceStatus;
  total_cents: number;
}

/** The lines of these invoices, in order (lines written before quantities count as one of their amount). */
async function itemsOf(db: Db, invoiceIds: number[]): Promise<Map<number, InvoiceItemRecord[]>> {
  const rows: (InvoiceItemRecord & { invoice_id: number })[] = await db('invoice_items')
    .whereIn('invoice_id', invoiceIds)
    .orderBy(['invoice_id', 'position', 'id'])
    .select(
      'invoice_id',
      'description',
      'quantity',
      db.raw('coalesce(unit_price_cents, amount_cents) AS unit_price_cents'),
      'amount_cents',
    );
  const byInvoice = new Map<number, InvoiceItemRecord[]>();
  for (const { invoice_id, ...item } of rows) byInvoice.set(invoice_id, [...(byInvoice.get(invoice_id) ?? []), item]);
  return byInvoice;
}

export async function findInvoiceByNumber(
  db: Db,
  accountId: number,
  number: string,
  lock = false,
): Promise<InvoiceRecord | undefined> {
  const query = invoicesWithNumbers(db, accountId).where('i.number', number);
  if (lock) void query.forUpdate('i');
  const invoice: Omit<InvoiceRecord, 'items'> | undefined = await query.first(INVOICE_COLUMNS);
  if (!invoice) return undefined;
  return { ...invoice, items: (await itemsOf(db, [invoice.id])).get(invoice.id) ?? [] };
}

/** What a new invoice's statement writes besides the invoice: its audit rows, its notice (if any) and its event. */
export interface NewInvoiceConsequences {
  audit: AuditEventRow[];
  notice: ContactNotice | null;
  /** The event; the statement puts the new invoice's id into its data. */
  event: NewEvent;
  /** The statement's COMMIT does not wait for the WAL flush (src/services/billing/feed.ts `feedTransaction`). */
  asyncCommit: boolean;
}

/**
 * A new invoice of a known account number, with its lines and everything its creation writes — the
 * audit rows, the «Facturas» contacts' messages, the webhook event and its deliveries — in one
 * statement, so all of it commits together or not at all, without a transaction around it.
 * `accountNumber` is undefined when the account has no such number (nothing written); `inserted` is
 * undefined when the account already has an invoice of that number (nothing written either).
 */
export async function insertNewInvoice(
  db: Db,
  invoice: {
    accountId: number;
    number: string;
    accountNumber: string;
    values: Omit<InvoiceValues, 'account_number_id'>;
    items: Omit<InvoiceItemRecord, 'amount_cents'>[];
    createdAt: Date;
  },
  consequences: NewInvoiceConsequences,
): Promise<{ accountNumber?: { id: number; number: string }; inserted?: { id: number }; items: InvoiceItemRecord[] }> {
  const lines = invoice.items.map((item, i) => ({
    ...item,
    amount_cents: item.quantity * item.unit_price_cents,
    position: i + 1,
  }));
  const parts: SqlPart[] = [
    eventsPart([consequences.event], { from: 'i', data: "e.data || jsonb_build_object('id', i.id)" }),
    auditRowsPart(consequences.audit, 'i'),
    ...(consequences.notice ? [contactNoticePart(consequences.notice, 'i')] : []),
  ];
  const invoiceBindings = {
    account: invoice.accountId,
    accountNumber: invoice.accountNumber,
    number: invoice.number,
    issuedOn: invoice.values.issued_on,
    dueOn: invoice.values.due_on,
    currency: invoice.values.currency,
    status: invoice.values.status,
    total: invoice.values.total_cents,
    createdAt: invoice.createdAt,
    lines: JSON.stringify(lines),
  };
  // Prepared: PostgreSQL plans this statement of many parts once per connection, not on every PUT.
  const result = await prepared(
    db.raw<{ rows: { number_id: number; id: number | null }[] }>(
      `WITH RECURSIVE commit_mode AS (
       SELECT ${consequences.asyncCommit ? "set_config('synchronous_commit', 'off', true)" : "''"} AS setting
     ), n AS (
       SELECT id FROM account_numbers, commit_mode WHERE account_id = :account AND number = :accountNumber
     ), i AS (
       INSERT INTO invoices (account_id, number, account_number_id, issued_on, due_on, currency, status, total_cents, created_at)
       SELECT :account, :number, n.id, CAST(:issuedOn AS date), CAST(:dueOn AS date), :currency, :status,
              CAST(:total AS bigint), :createdAt
         FROM n
       ON CONFLICT (account_id, number) DO NOTHING
       RETURNING id
     ), lines AS (
       INSERT INTO invoice_items (invoice_id, description, quantity, unit_price_cents, amount_cents, position)
       SELECT i.id, x.description, x.quantity, x.unit_price_cents, x.amount_cents, x.position
         FROM i, jsonb_to_recordset(CAST(:lines AS jsonb))
           AS x (description text, quantity integer, unit_price_cents bigint, amount_cents bigint, position smallint)
     ), ${parts.map((part) => part.sql).join(', ')}
     SELECT n.id AS number_id, i.id FROM n LEFT JOIN i ON true`,
      bindingsOf([{ bindings: invoiceBindings }, ...parts]),
    ),
  );
  const row = result.rows[0];
  return {
    accountNumber: row ? { id: row.number_id, number: invoice.accountNumber } : undefined,
    inserted: row?.id ? { id: row.id } : undefined,
    items: lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      amount_cents: line.amount_cents,
    })),
  };
}

export const updateInvoice = (trx: Db, id: number, values: InvoiceValues) => updateById(trx, 'invoices', id, values);

/** The invoice's lines become these, in this order. */
export async function replaceInvoiceItems(
  trx: Db,
  invoiceId: number,
  items: Omit<InvoiceItemRecord, 'amount_cents'>[],
): Promise<InvoiceItemRecord[]> {
  await trx('invoice_items').where({ invoice_id: invoiceId }).delete();
  const rows = items.map((item) => ({ ...item, amount_cents: item.quantity * item.unit_price_cents }));
  if (rows.length)
    await trx('invoice_items').insert(rows.map((row, i) => ({ invoice_id: invoiceId, ...row, position: i + 1 })));
  return rows;
}

export async function feedInvoicesPage(
  db: Db,
  accountId: number,
  cursor: Cursor,
  size?: number,
): Promise<Page<InvoiceRecord>> {
  const page = await pageById<Omit<InvoiceRecord, 'items'>>(
    db,
    'invoices',
    invoicesWithNumbers(db, accountId).select(INVOICE_COLUMNS),
    accountId,
    cursor,
    size,
  );
  const items = page.rows.length
    ? await itemsOf(
        db,
        page.rows.map((r) => r.id),
      )
    : new Map();
  return { ...page, rows: page.rows.map((r) => ({ ...r, items: items.get(r.id) ?? [] })) };
}
