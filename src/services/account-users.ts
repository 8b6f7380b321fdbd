import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import type { Db } from '../db/knex';
import { emailChangedMail } from '../mail/messages';
import type { SendOutcome } from '../mail/outbox';
import {
  emailInUse,
  resolveAccountNumbers,
  revokeOpenPasswordResets,
  updateLogin,
  updateUserContact,
  type AccountNumber,
  type AccountUser,
} from '../models/account-users';
import { revokeOpenInvitations } from '../models/invitations';
import {
  addAssignedNumber,
  removeAllAssignedNumbers,
  removeAssignedNumber,
  setMembershipBlocked,
  updateMembership,
} from '../models/memberships';
import { findUserById } from '../models/users';
import { changesOf } from '../domain/audit-changes';
import { grantableBy, type Section } from '../domain/permissions';
import { allowedActions } from '../policies/account-users';
import { recordAudit, type AuditEvent } from './audit';
import { issuePasswordReset } from './password-resets';
import { emitUserEvent } from './webhooks/emit';

/**
 * What a manager does to one user of the account (Administrar usuarios). Each function is one use
 * case: it owns the transaction, writes the audit event in it and queues the mail that goes with
 * it. The caller has already found the target in the current account and asked the policy.
 */

/** An audit event about the target user, by the manager. */
function audit(
  db: Db,
  current: MemberUser,
  target: AccountUser,
  ip: string | undefined,
  event: Pick<AuditEvent, 'action' | 'metadata' | 'changes' | 'failed'>,
) {
  return recordAudit(db, {
    ...event,
    accountId: target.account_id,
    actorUserId: current.id,
    targetType: 'membership',
    targetId: target.membership_id,
    ip,
  });
}

export interface UserDetails {
  first_name: string;
  last_name: string;
  email: string;
  department: string;
  title: string;
  role?: 'admin' | 'member';
  permissions: Section[];
}

export type UpdateDetailsResult = { ok: true; pendingInvitation: boolean } | { ok: false; error: 'shared' | 'taken' };

/**
 * Editar detalles. Fields the manager may not change (the owner's role, their own role) are kept as
 * they are, whatever the form sent. A new address kills every link sent to the old one and, for a
 * registered user, the old address is told. `pendingInvitation`: the invitation must be resent.
 */
export async function updateUserDetails(
  deps: AppDeps,
  current: MemberUser,
  target: AccountUser,
  input: UserDetails,
  ip: string | undefined,
): Promise<UpdateDetailsResult> {
  const actions = allowedActions(current, target);
  const role = actions.canChangeRole && input.role ? input.role : target.role;
  const emailChanged = input.email !== target.email;
  if (emailChanged && !actions.canChangeEmail) return { ok: false, error: 'shared' };
  if (emailChanged && (await emailInUse(deps.db, input.email, target.user_id))) return { ok: false, error: 'taken' };
  const grantable = grantableBy(current);
  const permissions = role === 'member' ? input.permissions.filter((p) => grantable.includes(p)) : [];
  const { first_name, last_name, email, department, title } = input;

  await deps.db.transaction(async (trx) => {
    await updateLogin(trx, target.user_id, { first_name, last_name, department, email });
    await updateUserContact(trx, target.account_id, target.user_id, { first_name, last_name, email });
    await updateMembership(trx, target.membership_id, {
      title,
      role,
      permissions,
      ...(role !== 'member' ? { account_scope: 'all' as const } : {}),
    });
    if (emailChanged) {
      // Links already sent went to the old address: none of them may open this login any more.
      await revokeOpenInvitations(trx, target.membership_id);
      await revokeOpenPasswordResets(trx, target.user_id);
    }
    if (emailChanged && target.registered) {
      const user = await findUserById(trx, target.user_id);
      const t = deps.i18n.getFixedT(user?.locale ?? 'es');
      await deps.mailer.enqueue(emailChangedMail(t, { email: target.email, firstName: first_name }, email), trx);
    }
    await audit(trx, current, target, ip, {
      action: 'user.updated',
      metadata: {
        email_changed: emailChanged,
        role_from: target.role,
        role_to: role,
        permissions: permissions.join(','),
      },
      changes: changesOf('user', target, { first_name, last_name, email, department, title, role, permissions }),
    });
  });
  return { ok: true, pendingInvitation: emailChanged && target.status === 'invited' };
}

/** Bloquear: the membership stops working; their open session ends at its next request. */
export async function blockUser(deps: AppDeps, current: MemberUser, target: AccountUser, ip: string | undefined) {
  await deps.db.transaction(async (trx) => {
    await setMembershipBlocked(trx, target.membership_id, current.id);
    await audit(trx, current, target, ip, { action: 'user.blocked' });
    await emitUserEvent({ ...deps, db: trx }, 'user.blocked', current.account.id, target.membership_id);
  });
}

/** Desbloquear: they may sign in to the account again. */
export async function unblockUser(deps: AppDeps, current: MemberUser, target: AccountUser, ip: string | undefined) {
  await deps.db.transaction(async (trx) => {
    await setMembershipBlocked(trx, target.membership_id, null);
    await audit(trx, current, target, ip, { action: 'user.unblocked' });
  });
}

/**
 * Restablecer contraseña: e-mails the user a single-use link (the links sent before die), sent at
 * once so the manager hears the truth: a refused message is recorded as a failure in the activity
 * (the link stands; a new one can be sent). What the relay does not answer in time the outbox sees through.
 */
export async function sendPasswordReset(
  deps: AppDeps,
  current: MemberUser,
  target: AccountUser,
  ip: string | undefined,
): Promise<SendOutcome> {
  const mailId = await deps.db.transaction(async (trx) => {
    const user = await findUserById(trx, target.user_id);
    if (!user) throw new Error(`user ${target.user_id} of membership ${target.membership_id} is gone`);
    const id = await issuePasswordReset({ ...deps, db: trx }, user, ip, {
      name: `${current.firstName} ${current.lastName}`.trim(),
      accountName: current.account.name,
    });
    await audit(trx, current, target, ip, { action: 'user.password_reset_sent' });
    return id;
  });
  const sent = await deps.mailer.sendNow(mailId);
  if (sent === 'refused')
    await audit(deps.db, current, target, ip, {
      action: 'user.password_reset_sent',
      metadata: { email: target.email },
      failed: 'mail_refused',
    });
  return sent;
}

/** The member sees every account number of the account again (the assigned list is cleared). */
export async function openAllNumbers(deps: AppDeps, current: MemberUser, target: AccountUser, ip: string | undefined) {
  await deps.db.transaction(async (trx) => {
    await removeAllAssignedNumbers(trx, target.membership_id);
    await updateMembership(trx, target.membership_id, { account_scope: 'all' });
    await audit(trx, current, target, ip, {
      action: 'user.account_scope_all',
      metadata: {},
      changes: changesOf('user', target, { account_scope: 'all' }),
    });
  });
}

/**
 * Assigns a number typed by the manager: from now on the member sees only their assigned numbers.
 * Unknown and other accounts' numbers get the same answer, so nothing about them leaks.
 */
export async function assignNumber(
  deps: AppDeps,
  current: MemberUser,
  target: AccountUser,
  number: string,
  ip: string | undefined,
): Promise<{ ok: true } | { ok: false; error: 'unknown' | 'closed' | 'already' }> {
  const { found, closed } = await resolveAccountNumbers(deps.db, target.account_id, [number]);
  if (closed.length) return { ok: false, error: 'closed' };
  if (!found.length) return { ok: false, error: 'unknown' };
  return deps.db.transaction(async (trx) => {
    const added = await addAssignedNumber(trx, target.membership_id, target.account_id, found[0].id);
    await updateMembership(trx, target.membership_id, { account_scope: 'assigned' });
    if (!added) return { ok: false as const, error: 'already' as const };
    await audit(trx, current, target, ip, {
      action: 'user.account_number_added',
      metadata: { number },
      changes: changesOf('user', target, { account_scope: 'assigned' }),
    });
    return { ok: true as const };
  });
}

/** ✕ on an assigned number (found among the member's numbers by the caller). */
export async function unassignNumber(
  deps: AppDeps,
  current: MemberUser,
  target: AccountUser,
  assigned: AccountNumber,
  ip: string | undefined,
) {
  await deps.db.transaction(async (trx) => {
    await removeAssignedNumber(trx, target.membership_id, assigned.id);
    await audit(trx, current, target, ip, {
      action: 'user.account_number_removed',
      metadata: { number: assigned.number },
    });
  });
}
