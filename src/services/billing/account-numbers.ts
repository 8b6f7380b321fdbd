import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import {
  findAccountNumber,
  insertAccountNumber,
  updateAccountNumber,
  type AccountNumberRecord,
  type AccountNumberStatus,
} from '../../models/billing-feed';
import {
  differs,
  feedTransaction,
  recordFeedAudit,
  refuse,
  type BillingAccount,
  type FeedContext,
  type FeedResult,
} from './feed';

export interface AccountNumberInput {
  label: string;
  status: AccountNumberStatus;
}

/** The billing system's account numbers: digits, as «Asignar números de cuenta» takes them. */
export const ACCOUNT_NUMBER_PATTERN = /^[0-9]{6,15}$/;
export const MAX_LABEL_LENGTH = 100;

/**
 * Creates or updates one of the account's billing numbers; it is at once one the owner can assign
 * to members. Two calls at once for a new number: one inserts, the other finds it and updates.
 */
export async function upsertAccountNumber(
  deps: AppDeps,
  actor: Actor,
  account: BillingAccount,
  number: string,
  input: AccountNumberInput,
  context: FeedContext = {},
): Promise<FeedResult<AccountNumberRecord>> {
  if (!ACCOUNT_NUMBER_PATTERN.test(number)) return refuse({ number: 'errors.billing.number.invalid' });
  if (input.label.length > MAX_LABEL_LENGTH) return refuse({ label: 'errors.billing.label.too_long' });
  return feedTransaction(deps, async (trx): Promise<FeedResult<AccountNumberRecord>> => {
    const values = { label: input.label, status: input.status };
    const inserted = await insertAccountNumber(trx, account.id, { number, ...values });
    if (inserted) {
      await recordFeedAudit({ ...deps, db: trx }, actor, account, 'billing.account_number_created', number, context);
      return { ok: true, created: true, changed: true, record: inserted };
    }
    const existing = (await findAccountNumber(trx, account.id, number, true))!;
    if (!differs(existing, { ...existing, ...values }, ['label', 'status']))
      return { ok: true, created: false, changed: false, record: existing };
    await updateAccountNumber(trx, existing.id, values);
    await recordFeedAudit({ ...deps, db: trx }, actor, account, 'billing.account_number_updated', number, context);
    return { ok: true, created: false, changed: true, record: { ...existing, ...values } };
  });
}
