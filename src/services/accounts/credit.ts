import type { AppDeps } from '../../app-deps';
import { actorUserId, type Actor } from '../../domain/actor';
import { changesOf } from '../../domain/audit-changes';
import type { Direction } from '../../forms/manager/credit-entry';
import type { FieldErrors } from '../../forms/form';
import { lockAccount, type ManagedAccount } from '../../models/accounts';
import {
  addCreditEntry,
  balanceOf,
  findEntryByReference,
  isBalanceRefusal,
  isReferenceTaken,
  type LedgerEntry,
} from '../../models/credit';
import { recordManagedAudit } from './managed-audit';
import { emitEvent } from '../webhooks/emit';
import { ledgerEntryRepresentation } from '../representations/billing';

/** One movement of the ledger, from the page's form or the API's body. */
export interface CreditInput {
  direction: Direction;
  /** Always positive; the direction says which way it goes. */
  amount_cents: number;
  note: string;
  /** The billing system's own id for it (a payment): unique per account, so a repeat records nothing. */
  reference?: string | null;
}

export type CreditResult =
  /** `created: false`: the reference was already in the ledger; `entry` is the one it made then. */
  | { ok: true; created: boolean; entry: LedgerEntry; balanceCents: number }
  /** The removal would take the balance below zero without prepay; `availableCents` is the balance. */
  | { ok: false; errors: FieldErrors; availableCents: number }
  /** Closed meanwhile: its ledger takes no more entries. */
  | { ok: false; closed: true };

const BELOW_ZERO: FieldErrors = { amount: 'errors.manager.credit.amount.below_zero' };

/**
 * Adds or removes credit with its note (one transaction): a ledger entry by the actor (a user, or a
 * token's creator), and an audit event in the account, its parent and the actor's own account. The balance is the sum of the
 * entries; a removal never takes it below zero unless the account allows prepay. The account's row
 * is locked first, so two movements at once are counted one after the other — and the second post
 * of a reference finds the first one's entry (the unique index credit_entries_reference_key, and
 * PostgreSQL's credit_entries_balance, refuse whatever would slip past).
 */
export async function adjustCredit(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  input: CreditInput,
  context: { ip?: string } = {},
): Promise<CreditResult> {
  const signed = input.direction === 'add' ? input.amount_cents : -input.amount_cents;
  const reference = input.reference ?? null;
  try {
    return await deps.db.transaction(async (trx): Promise<CreditResult> => {
      const row = await lockAccount(trx, account.id);
      if (!row || row.status === 'closed') return { ok: false, closed: true };
      const balance = await balanceOf(trx, account.id);
      const existing = reference === null ? undefined : await findEntryByReference(trx, account.id, reference);
      if (existing) return { ok: true, created: false, entry: existing, balanceCents: balance };
      if (signed < 0 && !row.allow_prepay && balance + signed < 0)
        return { ok: false, errors: BELOW_ZERO, availableCents: balance };
      const entry = await addCreditEntry(trx, {
        accountId: account.id,
        amountCents: signed,
        note: input.note,
        actorUserId: actorUserId(actor),
        reference,
      });
      await recordManagedAudit({ ...deps, db: trx }, actor, account, {
        action: input.direction === 'add' ? 'account.credit_added' : 'account.credit_removed',
        ip: context.ip,
        metadata: { amount_cents: input.amount_cents, note: input.note, ...(reference ? { reference } : {}) },
        changes: changesOf('ledger', { balance_cents: balance }, { balance_cents: balance + signed }),
      });
      await emitEvent(
        { ...deps, db: trx },
        { type: 'ledger.entry_created', accountId: account.id, data: ledgerEntryRepresentation(entry) },
      );
      return { ok: true, created: true, entry, balanceCents: balance + signed };
    });
  } catch (err) {
    if (isBalanceRefusal(err))
      return { ok: false, errors: BELOW_ZERO, availableCents: await balanceOf(deps.db, account.id) };
    if (reference !== null && isReferenceTaken(err)) {
      const entry = await findEntryByReference(deps.db, account.id, reference);
      if (entry) return { ok: true, created: false, entry, balanceCents: await balanceOf(deps.db, account.id) };
    }
    throw err;
  }
}
