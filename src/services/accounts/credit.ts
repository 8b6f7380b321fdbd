import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { CreditEntryInput } from '../../forms/manager/credit-entry';
import type { FieldErrors } from '../../forms/form';
import { lockAccount, type ManagedAccount } from '../../models/accounts';
import { addCreditEntry, balanceOf, isBalanceRefusal } from '../../models/credit';
import { recordManagedAudit } from './managed-audit';

export type CreditResult =
  | { ok: true; balanceCents: number }
  | { ok: false; errors: FieldErrors }
  /** Closed meanwhile: its ledger takes no more entries. */
  | { ok: false; closed: true };

const BELOW_ZERO: FieldErrors = { amount: 'errors.manager.credit.amount.below_zero' };

/**
 * Adds or removes credit with its note (one transaction): a ledger entry by the user, and an audit
 * event in the account and its parent. The balance is the sum of the entries; a removal never takes
 * it below zero unless the account allows prepay. The account's row is locked first, so two
 * removals at once are counted one after the other (PostgreSQL's own rule, credit_entries_balance,
 * refuses whatever would slip past).
 */
export async function adjustCredit(
  deps: AppDeps,
  current: MemberUser,
  account: ManagedAccount,
  input: CreditEntryInput,
  ip?: string,
): Promise<CreditResult> {
  const signed = input.direction === 'add' ? input.amount_cents : -input.amount_cents;
  try {
    return await deps.db.transaction(async (trx): Promise<CreditResult> => {
      const row = await lockAccount(trx, account.id);
      if (!row || row.status === 'closed') return { ok: false, closed: true };
      const balance = await balanceOf(trx, account.id);
      if (signed < 0 && !row.allow_prepay && balance + signed < 0) return { ok: false, errors: BELOW_ZERO };
      await addCreditEntry(trx, {
        accountId: account.id,
        amountCents: signed,
        note: input.note,
        actorUserId: current.id,
      });
      await recordManagedAudit(trx, current, account, {
        action: input.direction === 'add' ? 'account.credit_added' : 'account.credit_removed',
        ip,
        metadata: { amount_cents: input.amount_cents, note: input.note },
      });
      return { ok: true, balanceCents: balance + signed };
    });
  } catch (err) {
    if (isBalanceRefusal(err)) return { ok: false, errors: BELOW_ZERO };
    throw err;
  }
}
