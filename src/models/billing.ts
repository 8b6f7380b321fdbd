import type { Db } from '../db/knex';
import { withinScope, type NumberScope } from './scope';

export const PER_PAGE = 25;

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

async function page<T>(query: Promise<T[]>): Promise<{ rows: T[]; hasMore: boolean }> {
  const rows = await query;
  return { rows: rows.slice(0, PER_PAGE), hasMore: rows.length > PER_PAGE };
}

/** Services within the scope, by account number, a page at a time. */
export function servicesPage(db: Db, scope: NumberScope, pageNumber: number) {
  const query = db('services as s')
    .join('account_numbers as n', 'n.id', 's.account_number_id')
    .select('s.id', 's.name', 's.status', 's.next_due_date', 's.price_cents', 's.currency', 'n.number', 'n.label')
    .orderBy([{ column: 'n.number' }, { column: 's.name' }, { column: 's.id' }])
    .limit(PER_PAGE + 1)
    .offset((pageNumber - 1) * PER_PAGE);
  return page<ServiceRow>(withinScope(db, query, 's', scope));
}

/** Invoices within the scope, newest first, a page at a time. */
export function invoicesPage(db: Db, scope: NumberScope, pageNumber: number) {
  const query = db('invoices as i')
    .join('account_numbers as n', 'n.id', 'i.account_number_id')
    .select(
      'i.id',
      'i.number',
      'i.issued_on',
      'i.due_on',
      'i.total_cents',
      'i.currency',
      'i.status',
      'n.number as account_number',
    )
    .orderBy([
      { column: 'i.issued_on', order: 'desc' },
      { column: 'i.id', order: 'desc' },
    ])
    .limit(PER_PAGE + 1)
    .offset((pageNumber - 1) * PER_PAGE);
  return page<InvoiceRow>(withinScope(db, query, 'i', scope));
}

/** One invoice by its number, only within the scope (anything else is not found), with its lines. */
export async function findInvoice(db: Db, scope: NumberScope, number: string) {
  if (!/^[A-Z0-9-]{1,30}$/.test(number)) return undefined;
  const query = db('invoices as i')
    .join('account_numbers as n', 'n.id', 'i.account_number_id')
    .where('i.number', number)
    .first(
      'i.id',
      'i.number',
      'i.issued_on',
      'i.due_on',
      'i.total_cents',
      'i.currency',
      'i.status',
      'n.number as account_number',
      'n.label as account_label',
    );
  const invoice = (await withinScope(db, query, 'i', scope)) as (InvoiceRow & { account_label: string }) | undefined;
  if (!invoice) return undefined;
  const items: { description: string; amount_cents: number }[] = await db('invoice_items')
    .where({ invoice_id: invoice.id })
    .orderBy(['position', 'id'])
    .select('description', 'amount_cents');
  return { ...invoice, items };
}
