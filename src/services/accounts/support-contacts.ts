import type { AppDeps } from '../../app-deps';
import type { Actor } from '../../domain/actor';
import type { ManagedAccount } from '../../models/accounts';
import type { Partner } from '../../models/partners';
import {
  deleteSupportContact,
  insertSupportContact,
  supportContactsOf,
  type SupportContact,
} from '../../models/support-contacts';
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

/**
 * The API's PUT: the account's support contacts become exactly these (partners of its parent by
 * id, or plain addresses), in one transaction; each one added or removed is audited as the ✕ and
 * «Agregar» of the account's page are.
 */
export async function setManagedSupportContacts(
  { db }: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  wanted: { partners: Partner[]; emails: string[] },
  ip?: string,
): Promise<void> {
  await db.transaction(async (trx) => {
    const now = await supportContactsOf(trx, account.id);
    const keepPartners = new Set(wanted.partners.map((p) => p.id));
    const keepEmails = new Set(wanted.emails);
    for (const contact of now) {
      const kept =
        contact.partner_user_id !== null ? keepPartners.has(contact.partner_user_id) : keepEmails.has(contact.email);
      if (kept) continue;
      await deleteSupportContact(trx, account.id, contact.id);
      await recordManagedAudit(trx, actor, account, {
        action: 'support_contact.removed',
        ip,
        metadata: { email: contact.email },
      });
    }
    const hadPartners = new Set(now.flatMap((c) => (c.partner_user_id !== null ? [c.partner_user_id] : [])));
    const hadEmails = new Set(now.filter((c) => c.partner_user_id === null).map((c) => c.email));
    const added = [
      ...wanted.partners.filter((p) => !hadPartners.has(p.id)).map((p) => ({ partner: p })),
      ...wanted.emails.filter((e) => !hadEmails.has(e)).map((email) => ({ email })),
    ];
    for (const target of added) {
      await insertSupportContact(
        trx,
        account.id,
        'partner' in target ? { partnerUserId: target.partner.id } : { email: target.email },
      );
      const email = 'partner' in target ? target.partner.email : target.email;
      await recordManagedAudit(trx, actor, account, { action: 'support_contact.added', ip, metadata: { email } });
    }
  });
}
