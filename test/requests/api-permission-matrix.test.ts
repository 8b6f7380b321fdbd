import request from 'supertest';
import { apiOperations } from '../../src/api/routes';
import type { ApiScope } from '../../src/domain/api-scopes';
import { createApiToken } from '../helpers/api';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createCustomerOf, createReseller } from '../helpers/factories';
import { createSubscription } from '../helpers/webhooks';

/**
 * The permission matrix for integration tokens, like permission-matrix.test.ts for the pages: an
 * independent map of what each operation needs, held against the API's route table, and every
 * operation asked by five tokens — the platform's, reseller A's, reseller B's, a revoked one and a
 * read-only one — about a customer of reseller A.
 */
const NEEDS: Record<string, ApiScope | 'any' | null> = {
  getOpenApi: null,
  getMe: 'any',
  listAccounts: 'accounts:read',
  createAccount: 'accounts:write',
  getAccount: 'accounts:read',
  updateAccount: 'accounts:write',
  suspendAccount: 'accounts:write',
  reactivateAccount: 'accounts:write',
  closeAccount: 'accounts:write',
  listAccountUsers: 'accounts:read',
  inviteAccountUser: 'users:write',
  listSupportContacts: 'accounts:read',
  replaceSupportContacts: 'accounts:write',
  listLedger: 'accounts:read',
  postLedgerEntry: 'credit:write',
  listAccountNumbers: 'accounts:read',
  putAccountNumber: 'billing:write',
  listServices: 'accounts:read',
  putService: 'billing:write',
  listInvoices: 'accounts:read',
  putInvoice: 'billing:write',
  listWebhooks: 'webhooks:write',
  createWebhook: 'webhooks:write',
  updateWebhook: 'webhooks:write',
  rotateWebhookSecret: 'webhooks:write',
  deleteWebhook: 'webhooks:write',
};

const SAMPLE_PARAMS: Record<string, string> = { number: '100200300', external_id: 'SRV-1' };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('maps every operation of the route table, and agrees with it', () => {
  const table = Object.fromEntries(apiOperations(t.deps).map((op) => [op.operationId, op.scope]));
  expect(table).toEqual(NEEDS);
});

it('answers each token as its account and scopes allow, for every operation', async () => {
  const platformId = await createAccount(t.db, { kind: 'platform', sections: [] });
  const a = await createReseller(t.db, { platformId });
  const b = await createReseller(t.db, { platformId });
  const tokens = {
    platform: (await createApiToken(t.db, platformId)).token,
    resellerA: (await createApiToken(t.db, a.resellerId)).token,
    resellerB: (await createApiToken(t.db, b.resellerId)).token,
    revoked: (await createApiToken(t.db, a.resellerId, { revoked: true })).token,
    readOnly: (await createApiToken(t.db, a.resellerId, { scopes: ['accounts:read'] })).token,
  };
  type Persona = keyof typeof tokens;

  const outcome = (status: number) =>
    status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'allowed';
  const expected = (persona: Persona, need: ApiScope | 'any' | null, onAccount: boolean, onWebhook: boolean) => {
    if (need === null) return 'allowed';
    if (persona === 'revoked') return 'unauthenticated';
    if (persona === 'readOnly' && need !== 'any' && need !== 'accounts:read') return 'forbidden';
    if (persona === 'resellerB' && onAccount) return 'not_found';
    // A webhook is its own account's alone: not even the platform above reaches reseller A's.
    if (persona !== 'resellerA' && onWebhook) return 'not_found';
    return 'allowed';
  };

  const mismatches: string[] = [];
  for (const op of apiOperations(t.deps)) {
    // A customer of reseller A of its own for each operation: a suspend or close changes only it.
    const customer = await createCustomerOf(t.db, a.resellerId, { createdBy: a.partner.id });
    // And a webhook of reseller A's own.
    const webhook = (await createSubscription(t.deps, a.resellerId, a.partner.id)).id;
    const path = op.path.replace(/:(\w+)/g, (_, name: string) =>
      name === 'id' ? String(customer) : name === 'webhookId' ? String(webhook) : SAMPLE_PARAMS[name],
    );
    for (const persona of ['revoked', 'readOnly', 'resellerB', 'resellerA', 'platform'] as const) {
      let call = request(t.app)[op.method](`/api/v1${path}`).set('authorization', `Bearer ${tokens[persona]}`);
      if (op.method !== 'get') call = call.set('idempotency-key', `${op.operationId}-${persona}`).send({});
      const response = await call;
      const got = outcome(response.status);
      const want = expected(persona, NEEDS[op.operationId], op.path.includes(':id'), op.path.includes(':webhookId'));
      if (got !== want) mismatches.push(`${persona} ${op.method.toUpperCase()} ${op.path}: ${response.status}`);
      if (response.status >= 400) expect(response.type).toBe('application/problem+json');
    }
  }
  expect(mismatches).toEqual([]);
});
