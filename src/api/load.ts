import type { AppDeps } from '../app-deps';
import { positiveId } from '../domain/ids';
import type { FieldError, FieldErrors } from '../forms/form';
import { findManagedAccount, type ManagedAccount } from '../models/accounts';
import { takesBillingData, tokenActions } from '../policies/api-tokens';
import type { ManagedAccountAction } from '../policies/managed-accounts';
import type { ApiCaller } from './auth';
import type { ApiOperation } from './operation';
import { ApiProblem, notFoundProblem, type FieldProblem } from './problem';

/**
 * The account an /accounts/{id}/… path names, looked up below the token's account before anything is
 * read of the request: any other id is a 404 whatever the body says, so a malformed request about
 * another reseller's customer learns nothing and is told nothing about its fields. The framework
 * loads it once and hands it to the operation (`ctx.account`).
 */
export async function ensureAccountBelow(deps: AppDeps, caller: ApiCaller, idParam: unknown): Promise<ManagedAccount> {
  // Looked up already with the token, in its statement (authenticate), for the path's own id.
  if (caller.pathAccount && caller.pathAccount.param === idParam) {
    if (!caller.pathAccount.account) throw notFoundProblem();
    return caller.pathAccount.account;
  }
  const id = positiveId(idParam);
  const account = id === null ? undefined : await findManagedAccount(deps.db, caller.account.id, id);
  if (!account) throw notFoundProblem();
  return account;
}

/**
 * A path parameter that its schema refuses (`/accounts/abc`, an invoice number with a space) names a
 * resource that cannot exist: a 404 like a missing one, not a 422 about a field the client never sent.
 */
export function ensurePathParams(op: Pick<ApiOperation, 'params'>, params: Record<string, unknown>): void {
  for (const [name, schema] of Object.entries(op.params ?? {}))
    if (!schema.safeParse(params[name]).success) throw notFoundProblem();
}

/** The operation's account (loaded by the framework), if its state allows the action: else 409. */
export function accountAllowing(account: ManagedAccount | undefined, action: ManagedAccountAction): ManagedAccount {
  if (!account) throw notFoundProblem();
  if (!tokenActions(account)[action])
    throw new ApiProblem(409, 'account_state', `Not possible while the account is ${account.status}.`);
  return account;
}

/** The account a billing-feed write is about: a customer account (409 for any other), open or not. */
export function billingAccount(account: ManagedAccount | undefined): ManagedAccount {
  const found = accountAllowing(account, 'view');
  if (!takesBillingData(found))
    throw new ApiProblem(
      409,
      'not_a_customer_account',
      `Billing data belongs to customer accounts; account ${found.id} is a ${found.kind}.`,
    );
  return found;
}

/**
 * The same for an operation that reads the id itself: one more look-up. Every operation of the table
 * receives its account from the framework; this stays for handlers written before that.
 */
export async function loadAccount(
  deps: AppDeps,
  caller: ApiCaller,
  idParam: unknown,
  action: ManagedAccountAction,
): Promise<ManagedAccount> {
  return accountAllowing(await ensureAccountBelow(deps, caller, idParam), action);
}

/**
 * A service's refusal (fields by their path in the account's data, messages as locale keys) as a
 * 422 problem in English; `fields` names the body's own field where an operation calls a path
 * otherwise (the PUT of support contacts sends them as `contacts`).
 */
export function refusal(
  deps: AppDeps,
  errors: FieldErrors,
  members: Record<string, unknown> = {},
  fields: Record<string, string> = {},
): ApiProblem {
  const t = deps.i18n.getFixedT('en');
  const list: FieldProblem[] = Object.entries(errors).map(([path, error]: [string, FieldError]) => {
    const key = typeof error === 'string' ? error : error.key;
    const params = typeof error === 'string' ? {} : error.params;
    return { field: fields[path] ?? path, code: key.split('.').pop() ?? 'invalid', message: t(key, params) };
  });
  return new ApiProblem(422, 'refused', 'The account’s rules refused the request; see errors.', {
    errors: list,
    members,
  });
}
