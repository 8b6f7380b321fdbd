import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import { accountStatusMail, type AccountStatusChange } from '../../mail/account-status-messages';
import {
  accountSettings,
  findParentAccount,
  lockAccount,
  openChildren,
  ownerOf,
  setAccountStatus,
  type AccountStatus,
  type ManagedAccount,
} from '../../models/accounts';
import type { AuditAction } from '../../domain/audit-actions';
import { recordManagedAudit } from './managed-audit';
import { emitAccountEvent } from '../webhooks/emit';
import { queueAccountNotice } from '../account-notices';

/**
 * Suspend, reactivate and close: the account's status, its audit events (in the account and its
 * parent), an e-mail to its owner and a notice to its «Generales» contacts, in one transaction. Nothing is deleted: a suspended account's
 * people cannot sign in to it until it is reactivated (src/models/memberships.ts), a closed one is
 * closed for good and its trunks go back to its reseller's pool (the pool rule counts only accounts
 * that are not closed).
 */
const CHANGES: Record<AccountStatusChange, { from: AccountStatus[]; to: AccountStatus; action: AuditAction }> = {
  suspended: { from: ['active'], to: 'suspended', action: 'account.suspended' },
  reactivated: { from: ['suspended'], to: 'active', action: 'account.reactivated' },
  closed: { from: ['active', 'suspended'], to: 'closed', action: 'account.closed' },
};

/** Moves the account, in the caller's transaction; false when it was no longer in a state to move from (nothing written). */
async function change(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  what: AccountStatusChange,
  ip: string | undefined,
): Promise<boolean> {
  const { db } = deps;
  const { from, to, action } = CHANGES[what];
  if (!(await setAccountStatus(db, account.id, from, to))) return false;
  await recordManagedAudit(deps, actor, account, { action, ip, metadata: { name: account.name } });
  await emitAccountEvent(deps, `account.${what}`, account.id);
  if (account.parent_id === null) return true;
  const owner = await ownerOf(db, account.id);
  const parent = await findParentAccount(db, account.parent_id);
  if (owner) {
    const row = await accountSettings(db, account.id);
    await deps.mailer.enqueue(
      accountStatusMail(deps.i18n.getFixedT(row?.locale ?? 'es'), {
        to: owner.email,
        firstName: owner.first_name,
        accountName: account.name,
        parentName: parent.name,
        change: what,
        url: `${deps.config.baseUrl}/login`,
        accountId: account.id,
      }),
      db,
    );
  }
  // The «Generales» contacts too; the owner has just been told in a message of their own.
  await queueAccountNotice(deps, account, { kind: what, parent: parent.name }, owner ? [owner.email] : []);
  return true;
}

export async function suspendManagedAccount(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  ip?: string,
): Promise<boolean> {
  return deps.db.transaction((trx) => change({ ...deps, db: trx }, actor, account, 'suspended', ip));
}

export async function reactivateManagedAccount(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  ip?: string,
): Promise<boolean> {
  return deps.db.transaction((trx) => change({ ...deps, db: trx }, actor, account, 'reactivated', ip));
}

export type CloseResult =
  { ok: true } | { ok: false; reason: 'open_children'; n: number } | { ok: false; reason: 'closed' };

/**
 * Closes the account for good. A reseller with customer accounts that are still open stays open:
 * its customers would be left under a closed parent (close them first). The account's row is
 * locked first, so a customer cannot be created under a reseller while it is being closed.
 */
export async function closeManagedAccount(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  ip?: string,
): Promise<CloseResult> {
  return deps.db.transaction(async (trx): Promise<CloseResult> => {
    const row = await lockAccount(trx, account.id);
    if (!row || row.status === 'closed') return { ok: false, reason: 'closed' };
    const n = await openChildren(trx, account.id);
    if (n > 0) return { ok: false, reason: 'open_children', n };
    await change({ ...deps, db: trx }, actor, account, 'closed', ip);
    return { ok: true };
  });
}
