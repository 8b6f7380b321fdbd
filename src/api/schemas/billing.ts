import { z } from 'zod';
import { MAX_AMOUNT_CENTS, parseDecimal } from '../../domain/money';
import { ACCOUNT_NUMBER_STATUSES, INVOICE_STATUSES, SERVICE_KINDS, SERVICE_STATUSES } from '../../models/billing-feed';
import { ACCOUNT_NUMBER_PATTERN } from '../../services/billing/account-numbers';
import { INVOICE_NUMBER_PATTERN, MAX_ITEMS, MAX_QUANTITY } from '../../services/billing/invoices';
import { EXTERNAL_ID_PATTERN } from '../../services/billing/services';

/*
 * The ledger and the billing feed (issue 19, items 4 and 5): these schemas validate the requests and
 * make the OpenAPI document. Money travels as decimal strings ("1500.00"), read into cents exactly
 * by src/domain/money.ts; the services keep the rules (a total equal to its items, a known number).
 */

/** An amount of money: a decimal string with at most two decimals, from 0 up to 100,000,000.00. */
const amount = (min: number) =>
  z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, { message: 'A decimal amount such as "1500.00".', abort: true })
    .refine((v) => (parseDecimal(v) ?? Infinity) <= MAX_AMOUNT_CENTS, { message: 'At most 100000000.00.', abort: true })
    .refine((v) => (parseDecimal(v) ?? 0) >= min, { message: 'Must be more than zero.' })
    .meta({ example: '1500.00' });
const money = z.string().meta({ description: 'A decimal amount, e.g. "1500.00" (negative: "-25.00").' });
const date = z.iso.date().meta({ example: '2026-12-31' });
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'An ISO 4217 code such as MXN.' })
  .default('MXN');
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, { message: 'Must not contain line breaks or control characters.' });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional(),
});

// --- Ledger --------------------------------------------------------------------------------------

export const ledgerEntrySchema = z.strictObject({
  id: z.number().int(),
  direction: z.enum(['add', 'remove']),
  amount: money,
  currency: z.string(),
  note: z.string(),
  reference: z.string().nullable(),
  created_at: z.string().meta({ format: 'date-time' }),
});

export const ledgerPageSchema = z.strictObject({
  balance: money.meta({ description: 'The sum of every entry.' }),
  data: z.array(ledgerEntrySchema),
  next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
});

export const ledgerPostBody = z.strictObject({
  direction: z.enum(['add', 'remove']),
  amount: amount(1),
  note: text(300),
  reference: text(200)
    .optional()
    .meta({ description: 'The billing system’s id of the movement (a payment): unique in the account’s ledger.' }),
});

// --- Account numbers -----------------------------------------------------------------------------

export const accountNumberParam = z.string().regex(ACCOUNT_NUMBER_PATTERN);

export const accountNumberSchema = z.strictObject({
  id: z.number().int(),
  number: z.string(),
  label: z.string(),
  status: z.enum(ACCOUNT_NUMBER_STATUSES),
  created_at: z.string().meta({ format: 'date-time' }),
});

export const accountNumberBody = z.strictObject({
  label: z.string().trim().max(100).default(''),
  status: z.enum(ACCOUNT_NUMBER_STATUSES).default('active'),
});

// --- Services ------------------------------------------------------------------------------------

export const externalIdParam = z.string().regex(EXTERNAL_ID_PATTERN);

export const serviceSchema = z.strictObject({
  id: z.number().int(),
  external_id: z.string(),
  account_number: z.string(),
  name: z.string(),
  kind: z.enum(SERVICE_KINDS),
  status: z.enum(SERVICE_STATUSES),
  price: money,
  currency: z.string(),
  next_due_date: z.string().nullable(),
  created_at: z.string().meta({ format: 'date-time' }),
});

export const serviceBody = z.strictObject({
  account_number: z.string().regex(ACCOUNT_NUMBER_PATTERN, { message: 'An account number of 6 to 15 digits.' }),
  name: text(200),
  kind: z.enum(SERVICE_KINDS).default('other'),
  status: z.enum(SERVICE_STATUSES),
  price: amount(0),
  currency,
  next_due_date: date.nullable().default(null),
});

// --- Invoices ------------------------------------------------------------------------------------

export const invoiceNumberParam = z.string().regex(INVOICE_NUMBER_PATTERN);

const itemOut = z.strictObject({
  description: z.string(),
  quantity: z.number().int(),
  unit_price: money,
  amount: money,
});

export const invoiceSchema = z.strictObject({
  id: z.number().int(),
  number: z.string(),
  account_number: z.string(),
  issued_on: z.string(),
  due_on: z.string(),
  currency: z.string(),
  status: z.enum(INVOICE_STATUSES),
  items: z.array(itemOut),
  total: money,
  created_at: z.string().meta({ format: 'date-time' }),
});

export const invoiceBody = z.strictObject({
  account_number: z.string().regex(ACCOUNT_NUMBER_PATTERN, { message: 'An account number of 6 to 15 digits.' }),
  issued_on: date,
  due_on: date,
  currency,
  status: z.enum(INVOICE_STATUSES),
  items: z
    .array(
      z.strictObject({
        description: text(300),
        quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
        unit_price: amount(0),
      }),
    )
    .min(1)
    .max(MAX_ITEMS),
  total: amount(0).meta({ description: 'Must equal the sum of quantity × unit_price over the items.' }),
});
