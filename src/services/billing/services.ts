import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import { MAX_AMOUNT_CENTS } from '../../domain/money';
import type { FieldErrors } from '../../forms/form';
import {
  findAccountNumber,
  findServiceByExternalId,
  insertService,
  updateService,
  type ServiceKind,
  type ServiceRecord,
  type ServiceStatus,
  type ServiceValues,
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
import { NOTIFIED_STATUSES, queueServiceNotice } from './service-mail';

export interface ServiceInput {
  account_number: string;
  name: string;
  kind: ServiceKind;
  status: ServiceStatus;
  price_cents: number;
  currency: string;
  /** 'YYYY-MM-DD', or null when nothing is due. */
  next_due_date: string | null;
}

export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const unknownNumber = (number: string): FieldErrors => ({
  account_number: { key: 'errors.billing.account_number.unknown', params: { number } },
});

function check(externalId: string, input: ServiceInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!EXTERNAL_ID_PATTERN.test(externalId)) errors.external_id = 'errors.billing.external_id.invalid';
  if (input.name.length < 1 || input.name.length > 200) errors.name = 'errors.billing.name.invalid';
  if (!Number.isSafeInteger(input.price_cents) || input.price_cents < 0 || input.price_cents > MAX_AMOUNT_CENTS)
    errors.price = 'errors.billing.amount.invalid';
  if (!CURRENCY_PATTERN.test(input.currency)) errors.currency = 'errors.billing.currency.invalid';
  if (input.next_due_date !== null && !DATE_PATTERN.test(input.next_due_date))
    errors.next_due_date = 'errors.billing.date.invalid';
  return errors;
}

/**
 * Creates or updates a service of the account by the billing system's id, under one of the
 * account's numbers. When it is created in, or moves to, an active, suspended or cancelled state,
 * the «Productos» contacts («Dominios» for a domain) are told in the same transaction.
 */
export async function upsertService(
  deps: AppDeps,
  actor: Actor,
  account: BillingAccount,
  externalId: string,
  input: ServiceInput,
  context: FeedContext = {},
): Promise<FeedResult<ServiceRecord>> {
  const errors = check(externalId, input);
  if (Object.keys(errors).length) return refuse(errors);
  return feedTransaction(deps, async (trx): Promise<FeedResult<ServiceRecord>> => {
    const number = await findAccountNumber(trx, account.id, input.account_number);
    if (!number) return refuse(unknownNumber(input.account_number));
    const values: ServiceValues = {
      account_number_id: number.id,
      name: input.name,
      kind: input.kind,
      status: input.status,
      price_cents: input.price_cents,
      currency: input.currency,
      next_due_date: input.next_due_date,
    };
    let existing = await findServiceByExternalId(trx, account.id, externalId, true);
    if (!existing && (await insertService(trx, account.id, externalId, values))) {
      const record = (await findServiceByExternalId(trx, account.id, externalId))!;
      await recordFeedAudit({ ...deps, db: trx }, actor, account, 'billing.service_created', externalId, context);
      if (NOTIFIED_STATUSES.includes(record.status)) await queueServiceNotice({ ...deps, db: trx }, account, record);
      return { ok: true, created: true, changed: true, record };
    }
    existing ??= (await findServiceByExternalId(trx, account.id, externalId, true))!;
    const next: ServiceRecord = { ...existing, ...input, account_number: number.number };
    const fields: (keyof ServiceRecord)[] = [
      'account_number',
      'name',
      'kind',
      'status',
      'price_cents',
      'currency',
      'next_due_date',
    ];
    if (!differs(existing, next, fields)) return { ok: true, created: false, changed: false, record: existing };
    await updateService(trx, existing.id, values);
    await recordFeedAudit({ ...deps, db: trx }, actor, account, 'billing.service_updated', externalId, context);
    if (next.status !== existing.status && NOTIFIED_STATUSES.includes(next.status))
      await queueServiceNotice({ ...deps, db: trx }, account, next);
    return { ok: true, created: false, changed: true, record: next };
  });
}
