import type { AppDeps } from '../../app-deps';
import type { ManagedAccount } from '../../models/accounts';
import { createManagedAccount } from '../../services/accounts/create-account';
import { refusal } from '../load';
import { operation } from '../operation';
import { accountSchema, createAccountBody, type AccountJson } from '../schemas/accounts';
import { newAccountFrom } from './account-input';

/**
 * POST /api/v1/accounts: the wizard in one call, in one transaction (account, realm, trunks from
 * the pool, restrictions, first credit, sections, support contacts, first admin), repeat-safe with
 * an Idempotency-Key.
 */
export const createAccountOperation = (
  deps: AppDeps,
  present: (deps: AppDeps, account: Pick<ManagedAccount, 'id' | 'parent_id'>) => Promise<AccountJson>,
) =>
  operation({
    method: 'post',
    path: '/accounts',
    scope: 'accounts:write',
    operationId: 'createAccount',
    summary: 'Provision an account with everything the wizard asks, in one transaction',
    tag: 'Accounts',
    body: createAccountBody,
    idempotencyKey: 'required',
    responses: { 201: { description: 'The new account (its path in Location).', schema: accountSchema } },
    problems: [400, 409, 413, 415, 422],
    handler: async ({ req, caller, body }) => {
      const { parent, input } = await newAccountFrom(deps, caller, body);
      const result = await createManagedAccount(deps, caller.actor, parent, input, { ip: req.ip });
      if (!result.ok)
        throw result.step === 'gone'
          ? new Error('no draft was given')
          : refusal(deps, result.errors, result.available ? { available: result.available } : {});
      const account = { id: result.accountId, parent_id: parent.id };
      return { status: 201, body: await present(deps, account), location: `/accounts/${result.accountId}` };
    },
  });
