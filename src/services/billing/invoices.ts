import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import { formatDecimal, MAX_AMOUNT_CENTS } from '../../domain/money';
import type { FieldErrors } from '../../forms/form';
import {
  findInvoiceByNumber,
  insertNewInvoice,
  replaceInvoiceItems,
  updateInvoice,
  type InvoiceRecord,
  type InvoiceStatus,
} from '../../models/billing-feed';
import { managedAuditEvents } from '../accounts/managed-audit';
import { auditRows } from '../audit';
import { invoiceNotice } from '../invoices';
import {
  differs,
  feedTransaction,
  recordFeedAudit,
  refuse,
  type BillingAccount,
  type FeedContext,
  type FeedResult,
} from './feed';
import { CURRENCY_PATTERN, DATE_PATTERN } from './services';
import { emitEvent, newEvent } from '../webhooks/emit';
import { invoiceRepresentation } from '../representations/billing';

export interface InvoiceItemInput {
  description: string;
  quantity: number;
  unit_price_cents: number;
}

export interface InvoiceInput {
  account_number: string;
  issued_on: string;
  due_on: string;
  currency: string;
  status: InvoiceStatus;
  items: InvoiceItemInput[];
  /** Must equal the sum of quantity × unit price over the items. */
  total_cents: number;
}

export const INVOICE_NUMBER_PATTERN = /^[A-Z0-9-]{1,30}$/;
export const MAX_ITEMS = 500;
export const MAX_QUANTITY = 1_000_000;

/** New invoices in these states are e-mailed to the «Facturas» contacts. */
const NOTIFIED: readonly InvoiceStatus[] = ['unpaid', 'overdue'];

function check(number: string, input: InvoiceInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!INVOICE_NUMBER_PATTERN.test(number)) errors.number = 'errors.billing.invoice_number.invalid';
  if (!DATE_PATTERN.test(input.issued_on)) errors.issued_on = 'errors.billing.date.invalid';
  if (!DATE_PATTERN.test(input.due_on)) errors.due_on = 'errors.billing.date.invalid';
  else if (!errors.issued_on && input.due_on < input.issued_on) errors.due_on = 'errors.billing.due_on.before_issued';
  if (!CURRENCY_PATTERN.test(input.currency)) errors.currency = 'errors.billing.currency.invalid';
  if (input.items.length < 1 || input.items.length > MAX_ITEMS) errors.items = 'errors.billing.items.count';
  input.items.forEach((item, i) => {
    if (item.description.length < 1 || item.description.length > 300)
      errors[`items.${i}.description`] = 'errors.billing.description.invalid';
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY)
      errors[`items.${i}.quantity`] = 'errors.billing.quantity.invalid';
    if (!Number.isSafeInteger(item.unit_price_cents) || Math.abs(item.unit_price_cents) > MAX_AMOUNT_CENTS)
      errors[`items.${i}.unit_price`] = 'errors.billing.amount.invalid';
  });
  if (!Number.isSafeInteger(input.total_cents) || input.total_cents < 0 || input.total_cents > MAX_AMOUNT_CENTS)
    errors.total = 'errors.billing.amount.invalid';
  if (Object.keys(errors).length) return errors;
  const sum = input.items.reduce((s, item) => s + item.quantity * item.unit_price_cents, 0);
  if (sum !== input.total_cents)
    errors.total = { key: 'errors.billing.total.mismatch', params: { sum: formatDecimal(sum) } };
  return errors;
}

const sameItems = (a: InvoiceRecord['items'], b: InvoiceItemInput[]) =>
  a.length === b.length &&
  a.every(
    (x, i) =>
      x.description === b[i].description &&
      x.quantity === b[i].quantity &&
      x.unit_price_cents === b[i].unit_price_cents,
  );

/**
 * Creates or updates an invoice of the account by its number (unique within the account), with its
 * lines. The total must be the sum of the lines. A new invoice first stored unpaid or overdue is
 * e-mailed to the «Facturas» contacts (the recipients of «Enviar por correo»), written with the
 * invoice; an update sends nothing.
 */
export async function upsertInvoice(
  deps: AppDeps,
  actor: Actor,
  account: BillingAccount,
  number: string,
  input: InvoiceInput,
  context: FeedContext = {},
): Promise<FeedResult<InvoiceRecord>> {
  const errors = check(number, input);
  if (Object.keys(errors).length) return refuse(errors);
  const created = await createInvoice(deps, actor, account, number, input, context);
  if ('existsUnder' in created)
    return updateInvoiceOf(deps, actor, account, number, input, created.existsUnder, context);
  return created;
}

const fieldsOf = (input: InvoiceInput) => ({
  issued_on: input.issued_on,
  due_on: input.due_on,
  currency: input.currency,
  status: input.status,
  total_cents: input.total_cents,
});

/**
 * The common case, in one statement (a feed writes hundreds a second): a new invoice of a known
 * number, with its audit events, its notice and its webhook event. When the account already has the
 * invoice, nothing is written: `existsUnder` is the account number found, for the update.
 */
async function createInvoice(
  deps: AppDeps,
  actor: Actor,
  account: BillingAccount,
  number: string,
  input: InvoiceInput,
  context: FeedContext,
): Promise<FeedResult<InvoiceRecord> | { existsUnder: { id: number; number: string } }> {
  const record: InvoiceRecord = {
    id: 0,
    number,
    account_number: input.account_number,
    ...fieldsOf(input),
    items: input.items.map((item) => ({ ...item, amount_cents: item.quantity * item.unit_price_cents })),
    created_at: deps.clock(),
  };
  const audit = await managedAuditEvents(deps, actor, account, {
    action: 'billing.invoice_created',
    ip: context.ip,
    metadata: { number },
  });
  const { accountNumber, inserted, items } = await insertNewInvoice(
    deps.db,
    {
      accountId: account.id,
      number,
      accountNumber: input.account_number,
      values: fieldsOf(input),
      items: input.items,
      createdAt: record.created_at,
    },
    {
      audit: auditRows(audit),
      notice: NOTIFIED.includes(input.status) ? deps.mailer.contactNotice(invoiceNotice(deps, account, record)) : null,
      // The statement puts the invoice's id into the event's data.
      event: newEvent(deps, { type: 'invoice.created', accountId: account.id, data: invoiceRepresentation(record) }),
      asyncCommit: deps.config.billingFeedAsyncCommit,
    },
  );
  if (!accountNumber)
    return refuse({
      account_number: { key: 'errors.billing.account_number.unknown', params: { number: input.account_number } },
    });
  if (!inserted) return { existsUnder: accountNumber };
  return { ok: true, created: true, changed: true, record: { ...record, id: inserted.id, items } };
}

/** An invoice the account has already: updated when something changed, in one transaction. */
function updateInvoiceOf(
  deps: AppDeps,
  actor: Actor,
  account: BillingAccount,
  number: string,
  input: InvoiceInput,
  accountNumber: { id: number; number: string },
  context: FeedContext,
): Promise<FeedResult<InvoiceRecord>> {
  return feedTransaction(deps, async (trx): Promise<FeedResult<InvoiceRecord>> => {
    const existing = (await findInvoiceByNumber(trx, account.id, number, true))!;
    const next = { ...existing, ...input, account_number: accountNumber.number };
    const compared: (keyof InvoiceRecord)[] = [
      'account_number',
      'issued_on',
      'due_on',
      'currency',
      'status',
      'total_cents',
    ];
    const itemsChanged = !sameItems(existing.items, input.items);
    if (!itemsChanged && !differs(existing, next, compared))
      return { ok: true, created: false, changed: false, record: existing };
    await updateInvoice(trx, existing.id, { ...fieldsOf(input), account_number_id: accountNumber.id });
    if (itemsChanged) await replaceInvoiceItems(trx, existing.id, input.items);
    await recordFeedAudit({ ...deps, db: trx }, actor, account, 'billing.invoice_updated', number, context);
    const record = (await findInvoiceByNumber(trx, account.id, number))!;
    if (record.status !== existing.status)
      await emitEvent(
        { ...deps, db: trx },
        { type: 'invoice.status_changed', accountId: account.id, data: invoiceRepresentation(record) },
      );
    return { ok: true, created: false, changed: true, record };
  });
}
