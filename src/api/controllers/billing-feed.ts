import type { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { formatDecimal, parseDecimal } from '../../domain/money';
import {
  accountNumbersPage,
  feedInvoicesPage,
  feedServicesPage,
  type AccountNumberRecord,
  type InvoiceRecord,
  type ServiceRecord,
} from '../../models/billing-feed';
import type { Db } from '../../db/knex';
import type { ManagedAccount } from '../../models/accounts';
import type { Cursor, Page } from '../../models/pagination';
import { upsertAccountNumber } from '../../services/billing/account-numbers';
import type { FeedResult } from '../../services/billing/feed';
import { upsertInvoice } from '../../services/billing/invoices';
import { upsertService } from '../../services/billing/services';
import { invoiceRepresentation } from '../../services/representations/billing';
import { accountAllowing, billingAccount, refusal } from '../load';
import type { ApiCaller } from '../auth';
import { operation, type ApiOperation, type ApiReply } from '../operation';
import { idParam, listOf } from '../schemas/accounts';
import {
  accountNumberBody,
  accountNumberParam,
  accountNumberSchema,
  externalIdParam,
  invoiceBody,
  invoiceNumberParam,
  invoiceSchema,
  listQuery,
  serviceBody,
  serviceSchema,
} from '../schemas/billing';
import { cursorFrom, cursorOf } from './cursor';

const numberJson = (n: AccountNumberRecord): z.infer<typeof accountNumberSchema> => ({
  id: n.id,
  number: n.number,
  label: n.label,
  status: n.status,
  created_at: n.created_at.toISOString(),
});

const serviceJson = (s: ServiceRecord): z.infer<typeof serviceSchema> => ({
  id: s.id,
  external_id: s.external_id,
  account_number: s.account_number,
  name: s.name,
  kind: s.kind,
  status: s.status,
  price: formatDecimal(s.price_cents),
  currency: s.currency,
  next_due_date: s.next_due_date,
  created_at: s.created_at.toISOString(),
});

/** An invoice as the API shows it (the same object its webhook events carry). */
const invoiceJson = (i: InvoiceRecord): z.infer<typeof invoiceSchema> => invoiceRepresentation(i);

/** 201 when the upsert created the record, 200 when it was there (changed or not); a refusal is a 422. */
function answer<T, J>(deps: AppDeps, result: FeedResult<T>, json: (record: T) => J, location: string): ApiReply {
  if (!result.ok) throw refusal(deps, result.errors);
  return result.created
    ? { status: 201, body: json(result.record), location }
    : { status: 200, body: json(result.record) };
}

const UPSERT_PROBLEMS = [400, 404, 409, 413, 415, 422];

/** One kind of record the billing system keeps current: its PUT by the billing system's key, and its list. */
interface FeedResource<B, R extends { id: number }, J> {
  /** Below /accounts/{id}: `invoices`. */
  segment: string;
  /** The path parameter that keys a record (`number`, `external_id`) and its schema. */
  key: string;
  keySchema: z.ZodType;
  body: z.ZodType<B>;
  schema: z.ZodType<J>;
  json: (record: R) => J;
  /** The list's name inside its cursors. */
  cursor: string;
  put: { operationId: string; summary: string; created: string };
  list: { operationId: string; summary: string; description: string };
  page: (db: Db, accountId: number, cursor: Cursor, size: number) => Promise<Page<R>>;
  upsert: (account: ManagedAccount, key: string, body: B, caller: ApiCaller, ip?: string) => Promise<FeedResult<R>>;
}

function feedOperations<B, R extends { id: number }, J>(deps: AppDeps, r: FeedResource<B, R, J>): ApiOperation[] {
  return [
    operation({
      method: 'put',
      path: `/accounts/:id/${r.segment}/:${r.key}`,
      scope: 'billing:write',
      operationId: r.put.operationId,
      summary: r.put.summary,
      tag: 'Billing',
      params: { id: idParam, [r.key]: r.keySchema },
      body: r.body,
      responses: {
        201: { description: r.put.created, schema: r.schema },
        200: { description: 'Already there; updated when something changed.', schema: r.schema },
      },
      problems: UPSERT_PROBLEMS,
      handler: async ({ req, caller, params, account: found, body }) => {
        const account = billingAccount(found);
        const key = params[r.key];
        const result = await r.upsert(account, key, body, caller, req.ip);
        return answer(deps, result, r.json, `/accounts/${account.id}/${r.segment}/${key}`);
      },
    }),
    operation({
      method: 'get',
      path: `/accounts/:id/${r.segment}`,
      scope: 'accounts:read',
      operationId: r.list.operationId,
      summary: r.list.summary,
      tag: 'Billing',
      params: { id: idParam },
      query: listQuery,
      responses: { 200: { description: r.list.description, schema: listOf(r.schema) } },
      problems: [400, 404, 422],
      handler: async ({ account: found, query }) => {
        const account = accountAllowing(found, 'view');
        const page = await r.page(deps.db, account.id, cursorFrom(r.cursor, query.cursor), query.limit);
        return {
          status: 200,
          body: { data: page.rows.map(r.json), next_cursor: page.next === null ? null : cursorOf(r.cursor, page.next) },
        };
      },
    }),
  ];
}

/**
 * The billing feed (issue 19, item 5): the provider's billing system keeps an account's numbers,
 * services and invoices current with idempotent PUTs keyed by its own numbers, with lists beside them.
 */
export function billingFeedOperations(deps: AppDeps): ApiOperation[] {
  return [
    ...feedOperations(deps, {
      segment: 'account-numbers',
      key: 'number',
      keySchema: accountNumberParam,
      body: accountNumberBody,
      schema: accountNumberSchema,
      json: numberJson,
      cursor: 'n',
      put: {
        operationId: 'putAccountNumber',
        summary: 'Create or update a billing account number of the account',
        created: 'Created.',
      },
      list: {
        operationId: 'listAccountNumbers',
        summary: 'The account’s billing account numbers',
        description: 'A page of account numbers, by id.',
      },
      page: accountNumbersPage,
      upsert: (account, number, body, caller, ip) =>
        upsertAccountNumber(deps, caller.actor, account, number, body, { ip }),
    }),
    ...feedOperations(deps, {
      segment: 'services',
      key: 'external_id',
      keySchema: externalIdParam,
      body: serviceBody,
      schema: serviceSchema,
      json: serviceJson,
      cursor: 's',
      put: {
        operationId: 'putService',
        summary: 'Create or update a service of the account, by the billing system’s id',
        created: 'Created.',
      },
      list: {
        operationId: 'listServices',
        summary: 'The account’s services from the billing system',
        description: 'A page of services, by id.',
      },
      page: feedServicesPage,
      upsert: (account, externalId, { price, ...rest }, caller, ip) =>
        upsertService(deps, caller.actor, account, externalId, { ...rest, price_cents: parseDecimal(price)! }, { ip }),
    }),
    ...feedOperations(deps, {
      segment: 'invoices',
      key: 'number',
      keySchema: invoiceNumberParam,
      body: invoiceBody,
      schema: invoiceSchema,
      json: invoiceJson,
      cursor: 'i',
      put: {
        operationId: 'putInvoice',
        summary: 'Create or update an invoice of the account, by its number',
        created: 'Created (and e-mailed to the «Facturas» contacts when unpaid or overdue).',
      },
      list: {
        operationId: 'listInvoices',
        summary: 'The account’s invoices with their items',
        description: 'A page of invoices, by id.',
      },
      page: feedInvoicesPage,
      upsert: (account, number, body, caller, ip) =>
        upsertInvoice(
          deps,
          caller.actor,
          account,
          number,
          {
            ...body,
            items: body.items.map((x) => ({
              description: x.description,
              quantity: x.quantity,
              unit_price_cents: parseDecimal(x.unit_price)!,
            })),
            total_cents: parseDecimal(body.total)!,
          },
          { ip },
        ),
    }),
  ];
}
