import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import type { ContactInput } from '../forms/customer/contact';
import type { FieldErrors } from '../forms/form';
import type { CurrentUser } from '../current-user';
import type { ContactRow } from '../models/contacts';
import type { Section } from '../permissions';
import { recordAudit } from './audit';
import type { AuditAction } from './audit-actions';
import { inviteUser } from './invitations';
import { passwordProblem } from './password-policy';
import { hashSecret } from './passwords';

export type SaveResult =
  { ok: true; contactId: number; invitationOutboxId: number | null } | { ok: false; errors: FieldErrors };

/**
 * Saves a contact and, for someone allowed to manage users, its sub-account: on with a password or
 * an invitation, new permissions, or off (their access to this account ends at their next request).
 * A contact who is the owner or an admin keeps their access here; that is managed in Administrar usuarios.
 */
export async function saveContact(
  deps: AppDeps,
  current: CurrentUser,
  existing: ContactRow | null,
  input: ContactInput,
  options: { manageSubaccount: boolean; grantable: Section[]; ip?: string },
): Promise<SaveResult> {
  const { db } = deps;
  const accountId = current.account!.id;
  const linked = existing?.user_id != null;
  // A linked contact's e-mail is their sign-in ID: it changes in Administrar usuarios, not here.
  const email = linked ? existing.email : input.email;
  const permissions = input.permissions.filter((p) => options.grantable.includes(p));
  const isMember = existing?.role === 'member' || existing?.role == null;
  const wantsSubaccount = options.manageSubaccount && isMember && input.subaccount;
  const dropsSubaccount = options.manageSubaccount && existing?.role === 'member' && !input.subaccount;

  const clash = await db('contacts')
    .where({ account_id: accountId, email })
    .whereNot({ id: existing?.id ?? 0 })
    .first('id');
  if (clash) return { ok: false, errors: { email: 'errors.contact.email.taken' } };
  if (dropsSubaccount && existing.user_id === current.id)
    return { ok: false, errors: { subaccount: 'errors.contact.subaccount.self' } };

  if (wantsSubaccount && !existing?.membership_id) {
    const member = await db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'u.email': email, 'm.account_id': accountId })
      .first('m.id');
    if (member) return { ok: false, errors: { email: 'errors.user.email.already_member' } };
  }

  let passwordHash: string | null = null;
  const creatingWithPassword = wantsSubaccount && !existing?.membership_id && input.access === 'password';
  if (creatingWithPassword) {
    if (await db('users').where({ email }).first('id'))
      return { ok: false, errors: { access: 'errors.contact.access.existing_user' } };
    const problem = passwordProblem(input.password, email);
    if (problem) return { ok: false, errors: { password: `errors.password.password.${problem}` } };
    passwordHash = await hashSecret(input.password);
  }

  const values = {
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

  return db.transaction(async (trx) => {
    let contactId: number;
    if (existing) {
      contactId = existing.id;
      await trx('contacts')
        .where({ id: contactId })
        .update({ ...values, updated_at: trx.fn.now() });
    } else {
      // Added by the owner or an admin: authorized from the start; by anyone else, the helpdesk validates first.
      const status = current.membership!.role === 'member' ? 'unverified' : 'authorized';
      const [row] = await trx('contacts')
        .insert({ ...values, account_id: accountId, authorization_status: status })
        .returning('id');
      contactId = (row as { id: number }).id;
    }
    const audit = (action: AuditAction, metadata = {}) =>
      recordAudit(trx, {
        action,
        accountId,
        actorUserId: current.id,
        targetType: 'contact',
        targetId: contactId,
        ip: options.ip,
        metadata,
      });
    await audit(existing ? 'contact.updated' : 'contact.created');

    let invitationOutboxId: number | null = null;
    if (wantsSubaccount && existing?.membership_id) {
      await trx('memberships').where({ id: existing.membership_id }).update({ permissions, updated_at: trx.fn.now() });
      await audit('contact.subaccount_permissions', { permissions: permissions.join(',') });
    } else if (creatingWithPassword) {
      await createSubaccountWithPassword(trx, accountId, contactId, { ...values, email }, passwordHash!, permissions);
      await audit('contact.subaccount_enabled', { via: 'password', permissions: permissions.join(',') });
    } else if (wantsSubaccount) {
      const invited = await inviteUser(
        { ...deps, db: trx },
        current,
        {
          first_name: input.first_name,
          last_name: input.last_name,
          email,
          title: '',
          role: 'member',
          permissions,
          accountNumberIds: [],
        },
        options.ip,
      );
      if (!invited.ok) throw new Error(`unexpected invitation state: ${invited.error}`);
      invitationOutboxId = invited.outboxId;
      await audit('contact.subaccount_enabled', { via: 'invitation', permissions: permissions.join(',') });
    } else if (dropsSubaccount) {
      await removeSubaccount(trx, existing);
      await audit('contact.subaccount_disabled');
    }
    return { ok: true as const, contactId, invitationOutboxId };
  });
}

async function createSubaccountWithPassword(
  trx: Db,
  accountId: number,
  contactId: number,
  values: { first_name: string; last_name: string; email: string },
  passwordHash: string,
  permissions: Section[],
): Promise<void> {
  const [user] = await trx('users')
    .insert({
      email: values.email,
      first_name: values.first_name,
      last_name: values.last_name,
      password_hash: passwordHash,
    })
    .returning('id');
  const userId = (user as { id: number }).id;
  await trx('memberships').insert({
    user_id: userId,
    account_id: accountId,
    role: 'member',
    permissions,
    accepted_at: trx.fn.now(),
  });
  await trx('contacts').where({ id: contactId }).update({ user_id: userId });
}

/** Ends a member's access to this account: the membership goes, the contact stays on file. */
export async function removeSubaccount(trx: Db, contact: ContactRow): Promise<void> {
  if (contact.membership_id) await trx('memberships').where({ id: contact.membership_id, role: 'member' }).delete();
  await trx('contacts').where({ id: contact.id }).update({ user_id: null, updated_at: trx.fn.now() });
}
