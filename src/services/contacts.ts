import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import { userActor } from '../domain/actor';
import type { Db } from '../db/knex';
import type { ContactInput } from '../forms/customer/contact';
import type { FieldErrors } from '../forms/form';
import type { SendOutcome } from '../mail/outbox';
import {
  contactEmailTaken,
  deleteContactRow,
  insertContact,
  linkContactUser,
  updateContactRow,
  type ContactRow,
  type ContactValues,
} from '../models/contacts';
import {
  createMemberLogin,
  deleteMemberAccess,
  isAccountUser,
  loginExists,
  setMemberPermissions,
} from '../models/subaccounts';
import { changesOf, type Change } from '../domain/audit-changes';
import { grantableBy } from '../domain/permissions';
import { allowedActions } from '../policies/contacts';
import { recordAudit } from './audit';
import type { AuditAction } from '../domain/audit-actions';
import { inviteUser, recordInvitationFailure } from './invitations';
import { queueAccountNotice } from './account-notices';
import { passwordProblem } from '../domain/password-policy';
import { hashSecret } from './passwords';

export type SaveResult =
  { ok: true; contactId: number; invitation: SendOutcome | null } | { ok: false; errors: FieldErrors };

/** What saving the form does to the contact's access, once the form has passed every check. */
type AccessChange =
  | { kind: 'none' }
  | { kind: 'permissions'; membershipId: number }
  | { kind: 'password'; passwordHash: string }
  | { kind: 'invitation'; quiet?: boolean }
  | { kind: 'off'; contact: ContactRow };

/** The change the form asks for (with the typed password, before it is checked and hashed). */
type Requested = Exclude<AccessChange, { kind: 'password' }> | { kind: 'password'; password: string };

function requestedChange(current: MemberUser, existing: ContactRow | null, input: ContactInput): Requested {
  // Without the right to manage sub-accounts, the form's sub-account part is ignored.
  if (!allowedActions(current, existing).subaccount) return { kind: 'none' };
  if (input.subaccount) {
    if (existing?.membership_id) return { kind: 'permissions', membershipId: existing.membership_id };
    return input.access === 'password' ? { kind: 'password', password: input.password } : { kind: 'invitation' };
  }
  return existing?.role === 'member' ? { kind: 'off', contact: existing } : { kind: 'none' };
}

/** The checks a valid form can still fail, as the field errors to show. */
async function refusal(
  db: Db,
  current: MemberUser,
  existing: ContactRow | null,
  email: string,
  change: Requested,
): Promise<FieldErrors | null> {
  const accountId = current.account.id;
  if (await contactEmailTaken(db, accountId, email, existing?.id)) return { email: 'errors.contact.email.taken' };
  if (change.kind === 'off' && change.contact.user_id === current.id)
    return { subaccount: 'errors.contact.subaccount.self' };
  if ((change.kind === 'password' || change.kind === 'invitation') && (await isAccountUser(db, accountId, email)))
    return { email: 'errors.user.email.already_member' };
  if (change.kind === 'password') {
    const problem = passwordProblem(change.password, email);
    if (problem) return { password: `errors.password.password.${problem}` };
  }
  return null;
}

/**
 * A password for an address that already has a login elsewhere is not theirs to set: they are
 * invited instead (and join with their own ID), and the form answers exactly as for a new address,
 * so it never tells whether an address has a login. The password is hashed either way (same time).
 */
async function accessChange(db: Db, email: string, requested: Requested): Promise<AccessChange> {
  if (requested.kind !== 'password') return requested;
  const passwordHash = await hashSecret(requested.password);
  if (await loginExists(db, email)) return { kind: 'invitation', quiet: true };
  return { kind: 'password', passwordHash };
}

/**
 * Adds (`existing` null) or saves a contact and, for someone allowed to manage sub-accounts, its
 * access: on with a password or an invitation (sent now), new permissions, or off (their access to
 * this account ends at their next request). One transaction with its audit events.
 */
export async function saveContact(
  deps: AppDeps,
  current: MemberUser,
  existing: ContactRow | null,
  input: ContactInput,
  ip: string | undefined,
): Promise<SaveResult> {
  const { db } = deps;
  const accountId = current.account.id;
  // A linked contact's e-mail is their sign-in ID: it changes in Administrar usuarios, not here.
  const email = existing?.user_id != null ? existing.email : input.email;
  const requested = requestedChange(current, existing, input);
  const errors = await refusal(db, current, existing, email, requested);
  if (errors) return { ok: false, errors };
  const change = await accessChange(db, email, requested);
  const permissions = input.permissions.filter((p) => grantableBy(current).includes(p));
  const values: ContactValues = {
    first_name: input.first_name,
    last_name: input.last_name,
    company: input.company,
    email,
    phone: input.phone,
    address1: input.address1,
    address2: input.address2,
    city: input.city,
    state: input.state,
    postcode: input.postcode,
    country: input.country,
    email_types: input.email_types,
  };

  const saved = await db.transaction(async (trx) => {
    let contactId: number;
    if (existing) {
      contactId = existing.id;
      // A new address is vouched for only by someone who could have authorized it (owner, admin).
      const unverify = email !== existing.email && current.membership.role === 'member';
      await updateContactRow(trx, accountId, contactId, values, unverify ? 'unverified' : undefined);
    } else {
      // Added by the owner or an admin: authorized from the start; by anyone else, the helpdesk validates first.
      const status = current.membership.role === 'member' ? 'unverified' : 'authorized';
      contactId = await insertContact(trx, accountId, values, status);
    }
    const audit = (action: AuditAction, metadata = {}, changes: Change[] = []) =>
      recordAudit(trx, {
        action,
        accountId,
        actorUserId: current.id,
        targetType: 'contact',
        targetId: contactId,
        ip,
        metadata,
        changes,
      });
    await audit(
      existing ? 'contact.updated' : 'contact.created',
      existing && email !== existing.email ? { email_changed: true } : {},
      existing ? changesOf('contact', existing, values) : [],
    );

    let outboxId: number | null = null;
    let membershipId: number | null = null;
    let quiet = false;
    if (change.kind === 'permissions') {
      await setMemberPermissions(trx, change.membershipId, permissions);
      await audit(
        'contact.subaccount_permissions',
        { permissions: permissions.join(',') },
        changesOf('contact', { permissions: existing?.permissions ?? [] }, { permissions }),
      );
    } else if (change.kind === 'password') {
      const userId = await createMemberLogin(trx, accountId, values, change.passwordHash, permissions);
      await linkContactUser(trx, contactId, userId);
      await audit('contact.subaccount_enabled', { via: 'password', permissions: permissions.join(',') });
      await queueAccountNotice(
        { ...deps, db: trx },
        current.account,
        { kind: 'user_added', name: `${values.first_name} ${values.last_name}`, email },
        [email],
      );
    } else if (change.kind === 'invitation') {
      const invited = await inviteUser(
        { ...deps, db: trx },
        userActor(current.id),
        current.account,
        {
          first_name: values.first_name,
          last_name: values.last_name,
          email,
          title: '',
          role: 'member',
          permissions,
          accountNumberIds: [],
          locale: current.locale,
        },
        ip,
      );
      if (!invited.ok) throw new Error(`unexpected invitation state: ${invited.error}`);
      outboxId = invited.outboxId;
      membershipId = invited.membershipId;
      quiet = change.quiet ?? false;
      await audit('contact.subaccount_enabled', { via: 'invitation', permissions: permissions.join(',') });
    } else if (change.kind === 'off') {
      await removeSubaccount({ ...deps, db: trx }, change.contact);
      await audit('contact.subaccount_disabled');
    }
    return { contactId, outboxId: quiet ? null : outboxId, membershipId };
  });

  // A quiet invitation (see accessChange) goes with the outbox worker: no answer that tells it apart.
  const invitation = saved.outboxId === null ? null : await deps.mailer.sendNow(saved.outboxId);
  if (invitation === 'refused' && saved.membershipId !== null)
    await recordInvitationFailure(deps, userActor(current.id), accountId, saved.membershipId, {
      action: 'user.invited',
      email,
      reason: 'mail_refused',
      ip,
    });
  return { ok: true, contactId: saved.contactId, invitation };
}

/** Deletes a contact; a sub-account loses its access to this account with it. */
export async function deleteContact(
  deps: AppDeps,
  current: MemberUser,
  contact: ContactRow,
  ip: string | undefined,
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    if (contact.user_id) await removeSubaccount({ ...deps, db: trx }, contact);
    await deleteContactRow(trx, contact.account_id, contact.id);
    await recordAudit(trx, {
      action: 'contact.deleted',
      accountId: contact.account_id,
      actorUserId: current.id,
      targetType: 'contact',
      targetId: contact.id,
      ip,
      metadata: { email: contact.email, had_access: contact.membership_id !== null },
    });
  });
}

/** Ends a member's access to this account: the membership goes, the contact stays on file. */
async function removeSubaccount({ db }: Pick<AppDeps, 'db'>, contact: ContactRow): Promise<void> {
  if (contact.membership_id) await deleteMemberAccess(db, contact.membership_id);
  await linkContactUser(db, contact.id, null);
}
