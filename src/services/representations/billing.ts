import { formatDecimal } from '../../domain/money';
import type { InvoiceRecord } from '../../models/billing-feed';
import type { LedgerEntry } from '../../models/credit';

/*
 * Ledger entries and invoices as the API answers them and as their webhook events carry them
 * (`ledgerEntrySchema`, `invoiceSchema` in src/api/schemas/billing.ts document them).
 */

/** A positive amount and its direction, with the billing system's reference. */
export const ledgerEntryRepresentation = (e: LedgerEntry) => ({
  id: e.id,
  direction: e.amount_cents < 0 ? ('remove' as const) : ('add' as const),
  amount: formatDecimal(Math.abs(e.amount_cents)),
  currency: e.currency,
  note: e.note,
  reference: e.reference,
  created_at: e.created_at.toISOString(),
});

export const invoiceRepresentation = (i: InvoiceRecord) => ({
  id: i.id,
  number: i.number,
  account_number: i.account_number,
  issued_on: i.issued_on,
  due_on: i.due_on,
  currency: i.currency,
  status: i.status,
  items: i.items.map((x) => ({
    description: x.description,
    quantity: x.quantity,
    unit_price: formatDecimal(x.unit_price_cents),
    amount: formatDecimal(x.amount_cents),
  })),
  total: formatDecimal(i.total_cents),
  created_at: i.created_at.toISOString(),
});
