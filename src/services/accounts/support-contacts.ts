import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import type { ManagedAccount } from '../../models/accounts';
import type { Partner } from '../../models/partners';
import type { SupportContact } from '../../models/support-contacts';
import {
  changeSupportContacts,
  type SupportContactsChange,
  type SupportContactsResult,
  type SupportContactTarget,
} from '../support-contacts';
import { recordManagedAudit } from './managed-audit';

/**
 * Seed 002, from the parent's side: a partner (or the parent's API token) changes the support
 * contacts of an account below it. Each change is one transaction, through the one rule of
 * `changeSupportContacts`, with its audit events in the account and in its parent (the account's
 * own admins use services/support-contacts.ts).
 */
async function changeManaged(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  change: SupportContactsChange,
  ip: string | undefined,
): Promise<SupportContactsResult> {
  return deps.db.transaction(async (trx) => {
    const result = await changeSupportContacts({ ...deps, db: trx }, account.id, change);
    if (!result.ok) return result;
    for (const email of result.removed)
      await recordManagedAudit({ ...deps, db: trx }, actor, account, {
        action: 'support_contact.removed',
        ip,
        metadata: { email },
        changes: result.changes,
      });
    for (const email of result.added)
      await recordManagedAudit({ ...deps, db: trx }, actor, account, {
        action: 'support_contact.added',
        ip,
        metadata: { email },
        changes: result.changes,
      });
    return result;
  });
}

/** «Agregar» on the account's page: a partner of its parent or an address. */
export function addManagedSupportContact(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  target: SupportContactTarget,
  ip?: string,
): Promise<SupportContactsResult> {
  return changeManaged(deps, actor, account, { add: [target] }, ip);
}

/** The ✕ beside a support contact of the account. */
export function removeManagedSupportContact(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  contact: SupportContact,
  ip?: string,
): Promise<SupportContactsResult> {
  return changeManaged(deps, actor, account, { remove: [contact] }, ip);
}

/**
 * The API's PUT: the account's support contacts become exactly these (partners of its parent by
 * id, or plain addresses); each one removed or added is audited as the ✕ and «Agregar» of the
 * account's page are.
 */
export function setManagedSupportContacts(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  wanted: { partners: Partner[]; emails: string[] },
  ip?: string,
): Promise<SupportContactsResult> {
  return changeManaged(deps, actor, account, { set: wanted }, ip);
}
