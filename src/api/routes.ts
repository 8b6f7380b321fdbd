import type { AppDeps } from '../app-deps';
import { accountStatusOperations } from './controllers/account-status';
import { billingFeedOperations } from './controllers/billing-feed';
import { ledgerOperations } from './controllers/ledger';
import { supportContactOperations } from './controllers/account-support-contacts';
import { accountUserOperations } from './controllers/account-users';
import { accountOperations } from './controllers/accounts';
import { meOperations } from './controllers/me';
import { openApiOperations } from './controllers/openapi';
import { webhookOperations } from './controllers/webhooks';
import type { ApiOperation } from './operation';

/**
 * The API's route table, like src/routes.ts for the pages: each operation names its method, path
 * (below /api/v1) and the scope its token needs; its schemas validate the request and make the
 * OpenAPI document. A new resource adds its controller's operations here.
 */
export function apiOperations(deps: AppDeps): ApiOperation[] {
  const operations: ApiOperation[] = [
    ...meOperations(),
    ...accountOperations(deps),
    ...accountStatusOperations(deps),
    ...accountUserOperations(deps),
    ...supportContactOperations(deps),
    ...ledgerOperations(deps),
    ...billingFeedOperations(deps),
    ...webhookOperations(deps),
  ];
  // Last, so that the document lists every operation above and itself.
  operations.push(...openApiOperations(deps, operations));
  return operations;
}
