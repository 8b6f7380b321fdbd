import type { AppDeps } from '../../app-deps';
import { findManagedAccount } from '../../models/accounts';
import { closeManagedAccount, reactivateManagedAccount, suspendManagedAccount } from '../../services/accounts/status';
import { accountAllowing } from '../load';
import { operation } from '../operation';
import { ApiProblem } from '../problem';
import { accountSchema, idParam } from '../schemas/accounts';
import type { ApiCaller } from '../auth';
import { accountJson } from './accounts';

/** POST /accounts/{id}/suspend | reactivate | close: the Accounts Manager's buttons, with their rules. */
export function accountStatusOperations(deps: AppDeps) {
  const answer = async (caller: ApiCaller, id: number) => ({
    status: 200,
    body: await accountJson(deps, (await findManagedAccount(deps.db, caller.account.id, id))!),
  });
  const common = {
    method: 'post' as const,
    scope: 'accounts:write' as const,
    tag: 'Accounts',
    params: { id: idParam },
    responses: { 200: { description: 'The account as it is now.', schema: accountSchema } },
    problems: [404, 409],
  };
  const stale = () => new ApiProblem(409, 'account_state', 'The account changed meanwhile; read it again.');
  return [
    operation({
      ...common,
      path: '/accounts/:id/suspend',
      operationId: 'suspendAccount',
      summary: 'Suspend an active account (its people cannot sign in until it is reactivated)',
      handler: async ({ req, caller, account: found }) => {
        const account = accountAllowing(found, 'suspend');
        if (!(await suspendManagedAccount(deps, caller.actor, account, req.ip))) throw stale();
        return answer(caller, account.id);
      },
    }),
    operation({
      ...common,
      path: '/accounts/:id/reactivate',
      operationId: 'reactivateAccount',
      summary: 'Reactivate a suspended account',
      handler: async ({ req, caller, account: found }) => {
        const account = accountAllowing(found, 'reactivate');
        if (!(await reactivateManagedAccount(deps, caller.actor, account, req.ip))) throw stale();
        return answer(caller, account.id);
      },
    }),
    operation({
      ...common,
      path: '/accounts/:id/close',
      operationId: 'closeAccount',
      summary: 'Close an account for good (its trunks go back to the pool; nothing is deleted)',
      handler: async ({ req, caller, account: found }) => {
        const account = accountAllowing(found, 'close');
        const result = await closeManagedAccount(deps, caller.actor, account, req.ip);
        if (!result.ok && result.reason === 'open_children')
          throw new ApiProblem(409, 'open_children', `Close its ${result.n} open accounts first.`, {
            members: { open_children: result.n },
          });
        if (!result.ok) throw stale();
        return answer(caller, account.id);
      },
    }),
  ];
}
