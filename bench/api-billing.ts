/* The billing feed under load: PUT /api/v1/accounts/{id}/invoices/{number}, a new invoice with three items each time. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/knex';
import { loadPage, type PageResult } from './load';

/** The demo customer ABC Company (below Acme Telecom, whose demo token is used) and one of its account numbers. */
async function billingTarget(db: Db): Promise<{ accountId: number; accountNumber: string }> {
  const customer = await db('accounts').where({ name: 'ABC Company' }).first('id');
  const number = await db('account_numbers').where({ account_id: customer.id }).orderBy('number').first('number');
  return { accountId: customer.id as number, accountNumber: number.number as string };
}

/** Invoices created per second: every request PUTs a new number, so each one inserts an invoice, its three items, its audit events and its e-mails. */
export async function measureInvoicePuts(
  db: Db,
  base: string,
  token: string,
  options: { seconds: number; connections: number },
): Promise<PageResult> {
  const { accountId, accountNumber } = await billingTarget(db);
  const run = randomBytes(3).toString('hex').toUpperCase();
  let n = 0;
  const body = JSON.stringify({
    account_number: accountNumber,
    issued_on: '2026-12-01',
    due_on: '2026-12-15',
    currency: 'MXN',
    status: 'unpaid',
    items: [
      { description: 'Troncal SIP 10 canales', quantity: 1, unit_price: '1499.00' },
      { description: 'DID adicionales', quantity: 3, unit_price: '50.00' },
      { description: 'Consumo de larga distancia', quantity: 1, unit_price: '123.45' },
    ],
    total: '1772.45',
  });
  return loadPage(base, {
    seconds: options.seconds,
    connections: options.connections,
    expect: 201,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'PUT',
        body,
        setupRequest: (request) => ({ ...request, path: `/api/v1/accounts/${accountId}/invoices/B${run}-${++n}` }),
      },
    ],
  });
}
