import type { AppDeps } from '../../app-deps';
import { commitWithoutFlushWait, type Db } from '../../db/knex';
import type { Actor } from '../../domain/actor';
import type { FieldErrors } from '../../forms/form';
import type { ManagedAccount } from '../../models/accounts';
import type { AuditAction } from '../../domain/audit-actions';
import { recordManagedAudit } from '../accounts/managed-audit';

/*
 * The billing feed (issue 19, item 5): the provider's billing system keeps a customer account's
 * account numbers, services and invoices current with idempotent upserts keyed by its own numbers.
 * Each upsert is one transaction — the row, its audit event, its mail and its webhook event — or,
 * for a new invoice, one statement that writes all of them (src/models/billing-feed.ts
 * `insertNewInvoice`); a replay that changes nothing writes nothing and sends nothing.
 */

/** The customer account the data belongs to, as the caller loaded it (scoped to the actor). */
export type BillingAccount = Pick<ManagedAccount, 'id' | 'parent_id' | 'name'>;

/** Where the call came from: the client address. */
export interface FeedContext {
  ip?: string;
}

/**
 * `created`: the record is new; `changed`: something was written (always, when created). A refusal
 * names its fields by their path in the input (`total`, `account_number`, `items.0.quantity`).
 */
export type FeedResult<T> =
  { ok: true; created: boolean; changed: boolean; record: T } | { ok: false; errors: FieldErrors };

export const refuse = (errors: FieldErrors): { ok: false; errors: FieldErrors } => ({ ok: false, errors });

/**
 * An upsert's transaction (a new invoice's single statement does the same for itself). Unless the
 * operator turned it off (BILLING_FEED_ASYNC_COMMIT=false), its COMMIT does not wait for the WAL
 * flush, a PUT's largest wait once its queries were cheap. The cost: should PostgreSQL itself crash,
 * the PUTs it answered in its last ~600 ms may be lost, each one whole (row, audit, mail and webhook
 * together). The billing system keeps the record of these data and every PUT is idempotent, so
 * sending them again restores them (docs/operations.md, «The billing feed's commits»).
 */
export function feedTransaction<T>(deps: Pick<AppDeps, 'db' | 'config'>, work: (trx: Db) => Promise<T>): Promise<T> {
  return deps.db.transaction(async (trx) => {
    if (deps.config.billingFeedAsyncCommit) await commitWithoutFlushWait(trx);
    return work(trx);
  });
}

/** The event of an upsert in the account's, its parent's and the actor's account's activity. */
export async function recordFeedAudit(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  account: BillingAccount,
  action: AuditAction,
  number: string,
  context: FeedContext,
): Promise<void> {
  await recordManagedAudit(deps, actor, account, { action, ip: context.ip, metadata: { number } });
}

/** Whether two records differ in any of these fields. */
export function differs<T extends object>(a: T, b: T, fields: (keyof T)[]): boolean {
  return fields.some((f) => a[f] !== b[f]);
}
