import type { AppDeps } from '../../app-deps';
import { createManagedAccount } from '../../services/accounts/create-account';
import { refusal } from '../load';
import { operation, type ApiReply } from '../operation';
import { accountSchema, createAccountBody } from '../schemas/accounts';
import { newAccountFrom } from './account-input';

/**
 * POST /api/v1/accounts: the wizard in one call, in one transaction (account, realm, trunks from
 * the pool, restrictions, first credit, sections, support contacts, first admin), repeat-safe with
 * an Idempotency-Key.
 */
export const createAccountOperation = (deps: AppDeps) =>
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
    handler: async ({ req, caller, body, keep }) => {
      const { parent, input } = await newAccountFrom(deps, caller, body);
      let reply: ApiReply | undefined;
      const result = await createManagedAccount(deps, caller.actor, parent, input, {
        ip: req.ip,
        // The answer is the account as the transaction wrote it (its webhook event carries the same
        // object), kept with the Idempotency-Key in that transaction: one COMMIT for both.
        beforeCommit: async (trx, created) => {
          const answer = { status: 201, body: created.account, location: `/accounts/${created.accountId}` };
          await keep?.(trx, answer);
          reply = answer;
        },
      });
      if (!result.ok)
        throw result.step === 'gone'
          ? new Error('no draft was given')
          : refusal(deps, result.errors, result.available ? { available: result.available } : {});
      return reply!;
    },
  });
