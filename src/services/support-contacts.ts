import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import type { AuditAction } from '../domain/audit-actions';
import { changesOf, type Change } from '../domain/audit-changes';
import { SUPPORT_CONTACTS_PATH, supportContactsMessage, supportContactsRefusal } from '../domain/support-contacts';
import type { FieldErrors } from '../forms/form';
import type { Partner } from '../models/partners';
import {
  deleteSupportContact,
  insertSupportContact,
  lockSupportContacts,
  supportContactsOf,
  type SupportContact,
} from '../models/support-contacts';
import { recordAudit } from './audit';

/** Who «Agregar» adds: a partner of the account's parent, or a plain address. */
export type SupportContactTarget = { partner: Partner } | { email: string };

/**
 * Add some, remove some, or make them exactly these (the API's PUT); or a new account's first ones,
 * in the transaction that inserted it: no one else can see its row yet, so nothing is locked or read.
 */
export type SupportContactsChange =
  | { add: SupportContactTarget[] }
  | { remove: SupportContact[] }
  | { set: { partners: Partner[]; emails: string[] } }
  | { first: { partners: Partner[]; emails: string[] } };

/**
 * What changed, by address, and the list before and after it (for the audit events), or the
 * refusal by its path (`support_contacts`).
 */
export type SupportContactsResult =
  { ok: true; added: string[]; removed: string[]; changes: Change[] } | { ok: false; errors: FieldErrors };

const targetsOf = (list: { partners: Partner[]; emails: string[] }): SupportContactTarget[] => [
  ...list.partners.map((partner) => ({ partner })),
  ...list.emails.map((email) => ({ email })),
];

const emailOf = (target: SupportContactTarget) => ('partner' in target ? target.partner.email : target.email);

/** Who a row is: a partner by id, a plain address by itself. */
const keyOf = (target: SupportContactTarget) =>
  'partner' in target ? `partner:${target.partner.id}` : `email:${target.email}`;
const rowKey = (c: SupportContact) =>
  c.partner_user_id !== null ? `partner:${c.partner_user_id}` : `email:${c.email}`;

/**
 * The one place an account's support contacts change, whichever path asks (the account's page, the
 * Accounts Manager, the wizard's and the API's new account, the API's PUT): with the account locked,
 * the change is refused when the account would be left without one or with more than allowed
 * (src/domain/support-contacts.ts). Runs in the caller's transaction (`{ ...deps, db: trx }`),
 * which writes the audit events of what it returns.
 */
export async function changeSupportContacts(
  { db }: Pick<AppDeps, 'db'>,
  accountId: number,
  change: SupportContactsChange,
): Promise<SupportContactsResult> {
  const first = 'first' in change;
  if (!first) await lockSupportContacts(db, accountId);
  const now = first ? [] : await supportContactsOf(db, accountId);
  let remove: SupportContact[] = [];
  const add = new Map<string, SupportContactTarget>();
  if ('remove' in change) remove = now.filter((c) => change.remove.some((r) => r.id === c.id));
  else {
    const wanted = 'add' in change ? change.add : targetsOf('set' in change ? change.set : change.first);
    const had = new Set(now.map(rowKey));
    for (const target of wanted) if (!had.has(keyOf(target))) add.set(keyOf(target), target);
    const keep = new Set(wanted.map(keyOf));
    if ('set' in change) remove = now.filter((c) => !keep.has(rowKey(c)));
  }
  const refusal = supportContactsRefusal(now.length - remove.length + add.size, now.length);
  if (refusal) return { ok: false, errors: { [SUPPORT_CONTACTS_PATH]: supportContactsMessage(refusal) } };
  for (const contact of remove) await deleteSupportContact(db, accountId, contact.id);
  for (const target of add.values())
    await insertSupportContact(
      db,
      accountId,
      'partner' in target ? { partnerUserId: target.partner.id } : { email: target.email },
    );
  const added = [...add.values()].map(emailOf);
  const removed = remove.map((c) => c.email);
  const before = now.map((c) => c.email);
  const after = [...before.filter((email) => !removed.includes(email)), ...added];
  const changes = changesOf('support_contacts', { support_contacts: before }, { support_contacts: after });
  return { ok: true, added, removed, changes };
}

function audit(
  { db }: Pick<AppDeps, 'db'>,
  current: MemberUser,
  action: AuditAction,
  email: string,
  ip: string | undefined,
  changes: Change[],
) {
  return recordAudit(db, {
    action,
    accountId: current.account.id,
    actorUserId: current.id,
    targetType: 'account',
    targetId: current.account.id,
    ip,
    metadata: { email },
    changes,
  });
}

/** The account's own admins change its support contacts on /account: the change, then its audit events. */
async function changeOwn(
  deps: AppDeps,
  current: MemberUser,
  change: SupportContactsChange,
  ip: string | undefined,
): Promise<SupportContactsResult> {
  return deps.db.transaction(async (trx) => {
    const within = { ...deps, db: trx };
    const result = await changeSupportContacts(within, current.account.id, change);
    if (!result.ok) return result;
    for (const email of result.added) await audit(within, current, 'support_contact.added', email, ip, result.changes);
    for (const email of result.removed)
      await audit(within, current, 'support_contact.removed', email, ip, result.changes);
    return result;
  });
}

/** «Agregar» beside a partner found by the search, or beside a typed e-mail address. */
export function addSupportContact(
  deps: AppDeps,
  current: MemberUser,
  target: SupportContactTarget,
  ip: string | undefined,
): Promise<SupportContactsResult> {
  return changeOwn(deps, current, { add: [target] }, ip);
}

/** The ✕ beside a support contact. */
export function removeSupportContact(
  deps: AppDeps,
  current: MemberUser,
  contact: SupportContact,
  ip: string | undefined,
): Promise<SupportContactsResult> {
  return changeOwn(deps, current, { remove: [contact] }, ip);
}
