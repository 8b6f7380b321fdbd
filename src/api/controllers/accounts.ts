import type { AppDeps } from '../../app-deps';
import { findManagedAccount, type ManagedAccount } from '../../models/accounts';
import { accountRepresentation } from '../../services/representations/accounts';
import { descendantsPage } from '../../models/account-list';
import { updateManagedAccount } from '../../services/accounts/update-account';
import { accountAllowing, refusal } from '../load';
import { operation } from '../operation';
import { ApiProblem } from '../problem';
import {
  accountSchema,
  accountSummarySchema,
  idParam,
  listAccountsQuery,
  listOf,
  updateAccountBody,
  type AccountJson,
} from '../schemas/accounts';
import { createAccountOperation } from './account-create';
import { settingsFrom } from './account-input';

/** An account as the API shows it (the same object its webhook events carry). */
export async function accountJson(deps: AppDeps, account: Pick<ManagedAccount, 'id'>): Promise<AccountJson> {
  return accountRepresentation(deps.db, account.id);
}

const cursorOf = (id: number) => Buffer.from(`a:${id}`).toString('base64url');
function afterIdOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^a:([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new ApiProblem(400, 'invalid_cursor', 'The cursor is not one this API gave.');
  return Number(m[1]);
}

/** The accounts resource: list, read, provision (account-create.ts), change. */
export function accountOperations(deps: AppDeps) {
  return [
    operation({
      method: 'get',
      path: '/accounts',
      scope: 'accounts:read',
      operationId: 'listAccounts',
      summary: 'The accounts below the token’s account',
      tag: 'Accounts',
      query: listAccountsQuery,
      responses: { 200: { description: 'A page of accounts, by id.', schema: listOf(accountSummarySchema) } },
      problems: [400, 422],
      handler: async ({ caller, query }) => {
        const page = await descendantsPage(deps.db, caller.account.id, {
          q: query.q,
          status: query.status,
          afterId: afterIdOf(query.cursor),
          size: query.limit,
        });
        const last = page.rows.at(-1);
        return {
          status: 200,
          body: { data: page.rows, next_cursor: page.more && last ? cursorOf(last.id) : null },
        };
      },
    }),
    createAccountOperation(deps),
    operation({
      method: 'get',
      path: '/accounts/:id',
      scope: 'accounts:read',
      operationId: 'getAccount',
      summary: 'One account',
      tag: 'Accounts',
      params: { id: idParam },
      responses: { 200: { description: 'The account.', schema: accountSchema } },
      problems: [404],
      handler: async ({ account: found }) => {
        const account = accountAllowing(found, 'view');
        return { status: 200, body: await accountJson(deps, account) };
      },
    }),
    operation({
      method: 'patch',
      path: '/accounts/:id',
      scope: 'accounts:write',
      operationId: 'updateAccount',
      summary: 'Change an account (what is not sent stays as it is)',
      tag: 'Accounts',
      params: { id: idParam },
      body: updateAccountBody,
      responses: { 200: { description: 'The account as it is now.', schema: accountSchema } },
      problems: [400, 404, 409, 413, 415, 422],
      handler: async ({ caller, account: found, body }) => {
        const account = accountAllowing(found, 'edit');
        const input = await settingsFrom(deps, account, body);
        const result = await updateManagedAccount(deps, caller.actor, account, input);
        if (!result.ok && 'closed' in result)
          throw new ApiProblem(409, 'account_state', 'The account was closed meanwhile.');
        if (!result.ok) throw refusal(deps, result.errors, result.room ? { available: result.room } : {});
        const now = await findManagedAccount(deps.db, caller.account.id, account.id);
        return { status: 200, body: await accountJson(deps, now!) };
      },
    }),
  ];
}
