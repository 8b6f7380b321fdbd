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
import type { Page } from '../../models/pagination';
import { upsertAccountNumber } from '../../services/billing/account-numbers';
import type { FeedResult } from '../../services/billing/feed';
import { upsertInvoice } from '../../services/billing/invoices';
import { upsertService } from '../../services/billing/services';
import { invoiceRepresentation } from '../../services/representations/billing';
import { accountAllowing, billingAccount, refusal } from '../load';
import { operation, type ApiReply } from '../operation';
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

const listed = <T, J>(page: Page<T & { id: number }>, json: (row: T) => J, list: string) => ({
  status: 200,
  body: { data: page.rows.map(json), next_cursor: page.next === null ? null : cursorOf(list, page.next) },
});

const UPSERT_PROBLEMS = [400, 404, 409, 413, 415, 422];

/**
 * The billing feed (issue 19, item 5): the provider's billing system keeps an account's numbers,
 * services and invoices current with idempotent PUTs keyed by its own numbers, with lists beside them.
 */
export function billingFeedOperations(deps: AppDeps) {
  const base = '/accounts';
  return [
    operation({
      method: 'put',
      path: '/accounts/:id/account-numbers/:number',
      scope: 'billing:write',
      operationId: 'putAccountNumber',
      summary: 'Create or update a billing account number of the account',
      tag: 'Billing',
      params: { id: idParam, number: accountNumberParam },
      body: accountNumberBody,
      responses: {
        201: { description: 'Created.', schema: accountNumberSchema },
        200: { description: 'Already there; updated when something changed.', schema: accountNumberSchema },
      },
      problems: UPSERT_PROBLEMS,
      handler: async ({ req, caller, params, account: found, body }) => {
        const account = billingAccount(found);
        const result = await upsertAccountNumber(deps, caller.actor, account, params.number, body, { ip: req.ip });
        return answer(deps, result, numberJson, `${base}/${account.id}/account-numbers/${params.number}`);
      },
    }),
    operation({
      method: 'get',
      path: '/accounts/:id/account-numbers',
      scope: 'accounts:read',
      operationId: 'listAccountNumbers',
      summary: 'The account’s billing account numbers',
      tag: 'Billing',
      params: { id: idParam },
      query: listQuery,
      responses: { 200: { description: 'A page of account numbers, by id.', schema: listOf(accountNumberSchema) } },
      problems: [400, 404, 422],
      handler: async ({ account: found, query }) => {
        const account = accountAllowing(found, 'view');
        return listed(
          await accountNumbersPage(deps.db, account.id, cursorFrom('n', query.cursor), query.limit),
          numberJson,
          'n',
        );
      },
    }),
    operation({
      method: 'put',
      path: '/accounts/:id/services/:external_id',
      scope: 'billing:write',
      operationId: 'putService',
      summary: 'Create or update a service of the account, by the billing system’s id',
      tag: 'Billing',
      params: { id: idParam, external_id: externalIdParam },
      body: serviceBody,
      responses: {
        201: { description: 'Created.', schema: serviceSchema },
        200: { description: 'Already there; updated when something changed.', schema: serviceSchema },
      },
      problems: UPSERT_PROBLEMS,
      handler: async ({ req, caller, params, account: found, body }) => {
        const account = billingAccount(found);
        const { price, ...rest } = body;
        const result = await upsertService(
          deps,
          caller.actor,
          account,
          params.external_id,
          { ...rest, price_cents: parseDecimal(price)! },
          { ip: req.ip },
        );
        return answer(deps, result, serviceJson, `${base}/${account.id}/services/${params.external_id}`);
      },
    }),
    operation({
      method: 'get',
      path: '/accounts/:id/services',
      scope: 'accounts:read',
      operationId: 'listServices',
      summary: 'The account’s services from the billing system',
      tag: 'Billing',
      params: { id: idParam },
      query: listQuery,
      responses: { 200: { description: 'A page of services, by id.', schema: listOf(serviceSchema) } },
      problems: [400, 404, 422],
      handler: async ({ account: found, query }) => {
        const account = accountAllowing(found, 'view');
        return listed(
          await feedServicesPage(deps.db, account.id, cursorFrom('s', query.cursor), query.limit),
          serviceJson,
          's',
        );
      },
    }),
    operation({
      method: 'put',
      path: '/accounts/:id/invoices/:number',
      scope: 'billing:write',
      operationId: 'putInvoice',
      summary: 'Create or update an invoice of the account, by its number',
      tag: 'Billing',
      params: { id: idParam, number: invoiceNumberParam },
      body: invoiceBody,
      responses: {
        201: {
          description: 'Created (and e-mailed to the «Facturas» contacts when unpaid or overdue).',
          schema: invoiceSchema,
        },
        200: { description: 'Already there; updated when something changed.', schema: invoiceSchema },
      },
      problems: UPSERT_PROBLEMS,
      handler: async ({ req, caller, params, account: found, body }) => {
        const account = billingAccount(found);
        const result = await upsertInvoice(
          deps,
          caller.actor,
          account,
          params.number,
          {
            ...body,
            items: body.items.map((x) => ({
              description: x.description,
              quantity: x.quantity,
              unit_price_cents: parseDecimal(x.unit_price)!,
            })),
            total_cents: parseDecimal(body.total)!,
          },
          { ip: req.ip },
        );
        return answer(deps, result, invoiceJson, `${base}/${account.id}/invoices/${params.number}`);
      },
    }),
    operation({
      method: 'get',
      path: '/accounts/:id/invoices',
      scope: 'accounts:read',
      operationId: 'listInvoices',
      summary: 'The account’s invoices with their items',
      tag: 'Billing',
      params: { id: idParam },
      query: listQuery,
      responses: { 200: { description: 'A page of invoices, by id.', schema: listOf(invoiceSchema) } },
      problems: [400, 404, 422],
      handler: async ({ account: found, query }) => {
        const account = accountAllowing(found, 'view');
        return listed(
          await feedInvoicesPage(deps.db, account.id, cursorFrom('i', query.cursor), query.limit),
          invoiceJson,
          'i',
        );
      },
    }),
  ];
}
