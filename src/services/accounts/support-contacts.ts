import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import type { ManagedAccount } from '../../models/accounts';
import type { Partner } from '../../models/partners';
import { deleteSupportContact, insertSupportContact, type SupportContact } from '../../models/support-contacts';
import { recordManagedAudit } from './managed-audit';

/**
 * Seed 002, from the parent's side: a partner edits the support contacts of an account below it
 * from the account's page. Each change is one transaction with its audit event in the account and
 * in its parent (the account's own admins use services/support-contacts.ts).
 */
export async function addManagedSupportContact(
  { db }: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  target: { partner: Partner } | { email: string },
  ip?: string,
): Promise<string> {
  const email = 'partner' in target ? target.partner.email : target.email;
  await db.transaction(async (trx) => {
    await insertSupportContact(
      trx,
      account.id,
      'partner' in target ? { partnerUserId: target.partner.id } : { email: target.email },
    );
    await recordManagedAudit(trx, actor, account, { action: 'support_contact.added', ip, metadata: { email } });
  });
  return email;
}

/** The ✕ beside a support contact of the account. */
export async function removeManagedSupportContact(
  { db }: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  contact: SupportContact,
  ip?: string,
): Promise<void> {
  await db.transaction(async (trx) => {
    await deleteSupportContact(trx, account.id, contact.id);
    await recordManagedAudit(trx, actor, account, {
      action: 'support_contact.removed',
      ip,
      metadata: { email: contact.email },
    });
  });
}
