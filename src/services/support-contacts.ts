import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import type { Db } from '../db/knex';
import type { Partner } from '../models/partners';
import { deleteSupportContact, insertSupportContact, type SupportContact } from '../models/support-contacts';
import { recordAudit } from './audit';
import type { AuditAction } from '../domain/audit-actions';

function audit(trx: Db, current: MemberUser, action: AuditAction, email: string, ip: string | undefined) {
  return recordAudit(trx, {
    action,
    accountId: current.account.id,
    actorUserId: current.id,
    targetType: 'account',
    targetId: current.account.id,
    ip,
    metadata: { email },
  });
}

/** «Agregar» beside a partner found by the search: they receive the account's problem reports. */
export async function addPartnerSupportContact(
  { db }: AppDeps,
  current: MemberUser,
  partner: Partner,
  ip: string | undefined,
): Promise<void> {
  await db.transaction(async (trx) => {
    await insertSupportContact(trx, current.account.id, { partnerUserId: partner.id });
    await audit(trx, current, 'support_contact.added', partner.email, ip);
  });
}

/** «Agregar» beside a typed e-mail address. */
export async function addEmailSupportContact(
  { db }: AppDeps,
  current: MemberUser,
  email: string,
  ip: string | undefined,
): Promise<void> {
  await db.transaction(async (trx) => {
    await insertSupportContact(trx, current.account.id, { email });
    await audit(trx, current, 'support_contact.added', email, ip);
  });
}

/** The ✕ beside a support contact. */
export async function removeSupportContact(
  { db }: AppDeps,
  current: MemberUser,
  contact: SupportContact,
  ip: string | undefined,
): Promise<void> {
  await db.transaction(async (trx) => {
    await deleteSupportContact(trx, current.account.id, contact.id);
    await audit(trx, current, 'support_contact.removed', contact.email, ip);
  });
}
