import type { Db } from '../db/knex';
import { keysetPage, type Cursor, type Page } from './pagination';
import { withinScope, type NumberScope } from './scope';

export interface ServiceRow {
  id: number;
  name: string;
  status: 'active' | 'pending' | 'suspended' | 'cancelled';
  next_due_date: string | null;
  price_cents: number;
  currency: string;
  number: string;
  label: string;
}

export interface InvoiceRow {
  id: number;
  number: string;
  issued_on: string;
  due_on: string;
  total_cents: number;
  currency: string;
  status: 'paid' | 'unpaid' | 'overdue' | 'cancelled';
  account_number: string;
}

export interface InvoiceDetails extends InvoiceRow {
  account_label: string;
  items: { description: string; quantity: number; unit_price_cents: number; amount_cents: number }[];
}

// Joining on the account too (the foreign key guarantees it) lets the planner walk the account's
// numbers in order on account_numbers (account_id, number, id) instead of every account's.
const servicesOf = (db: Db, scope: NumberScope) =>
  withinScope(
    db,
    db('services as s').join('account_numbers as n', function join() {
      this.on('n.id', '=', 's.account_number_id').andOn('n.account_id', '=', 's.account_id');
    }),
    's',
    scope,
  );

/**
 * Services within the scope, grouped by account number and by name, a page at a time (keyset: the
 * account's numbers in order on account_numbers (account_id, number, id), each number's services
 * from services (account_id, account_number_id, id), sorted by name a number at a time).
 */
export function servicesPage(db: Db, scope: NumberScope, cursor: Cursor): Promise<Page<ServiceRow>> {
  const query = servicesOf(db, scope).select(
    's.id',
    's.name',
    's.status',
    's.next_due_date',
    's.price_cents',
    's.currency',
    'n.number',
    'n.label',
  );
  return keysetPage<ServiceRow>(query, {
    columns: ['n.number', 's.name', 's.id'],
    direction: 'asc',
    anchor: (id) => servicesOf(db, scope).where('s.id', id).select('n.number', 's.name', 's.id'),
    cursor,
  });
}

const invoicesOf = (db: Db, scope: NumberScope) =>
  withinScope(db, db('invoices as i').join('account_numbers as n', 'n.id', 'i.account_number_id'), 'i', scope);

const INVOICE_COLUMNS = [
  'i.id',
  'i.number',
  'i.issued_on',
  'i.due_on',
  'i.total_cents',
  'i.currency',
  'i.status',
  'n.number as account_number',
];

/** Invoices within the scope, newest first, a page at a time (keyset on invoices (account_id, issued_on, id)). */
export function invoicesPage(db: Db, scope: NumberScope, cursor: Cursor): Promise<Page<InvoiceRow>> {
  return keysetPage<InvoiceRow>(invoicesOf(db, scope).select(INVOICE_COLUMNS), {
    columns: ['i.issued_on', 'i.id'],
    direction: 'desc',
    anchor: (id) => invoicesOf(db, scope).where('i.id', id).select('i.issued_on', 'i.id'),
    cursor,
    prepared: true,
  });
}

/** One invoice by its number, only within the scope (anything else is not found), with its lines. */
export async function findInvoice(db: Db, scope: NumberScope, number: string): Promise<InvoiceDetails | undefined> {
  if (!/^[A-Z0-9-]{1,30}$/.test(number)) return undefined;
  const invoice: Omit<InvoiceDetails, 'items'> | undefined = await invoicesOf(db, scope)
    .where('i.number', number)
    .first(...INVOICE_COLUMNS, 'n.label as account_label');
  if (!invoice) return undefined;
  const items: InvoiceDetails['items'] = await db('invoice_items')
    .where({ invoice_id: invoice.id })
    .orderBy(['position', 'id'])
    .select(
      'description',
      'quantity',
      db.raw('coalesce(unit_price_cents, amount_cents) AS unit_price_cents'),
      'amount_cents',
    );
  return { ...invoice, items };
}
