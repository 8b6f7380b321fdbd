import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import type { CurrentUser } from '../current-user';
import { invitationMail } from '../mail/messages';
import type { Role, Section } from '../permissions';
import { recordAudit } from './audit';
import { expiresAt, INVITATION_TTL_MS, newToken } from './tokens';

export interface InviteInput {
  first_name: string;
  last_name: string;
  email: string;
  title: string;
  role: Exclude<Role, 'owner'>;
  permissions: Section[];
  accountNumberIds: number[];
}

export type InviteResult =
  { ok: true; membershipId: number; outboxId: number } | { ok: false; error: 'already_member' | 'already_invited' };

/** Revokes the membership's open invitations and issues a new one; returns the token for the e-mail. */
async function issueInvitation(
  trx: Db,
  deps: AppDeps,
  membershipId: number,
  sentTo: string,
  createdBy: number,
): Promise<string> {
  const now = deps.clock();
  await trx('invitations')
    .where({ membership_id: membershipId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: now });
  const { token, hash } = newToken();
  await trx('invitations').insert({
    membership_id: membershipId,
    token_hash: hash,
    sent_to: sentTo,
    expires_at: expiresAt(deps.clock, INVITATION_TTL_MS),
    created_by_user_id: createdBy,
  });
  return token;
}

async function queueInvitationMail(
  trx: Db,
  deps: AppDeps,
  current: CurrentUser,
  values: { email: string; firstName: string; locale: 'es' | 'en'; registered: boolean; token: string },
) {
  const account = current.account!;
  return deps.mailer.enqueue(
    invitationMail(deps.i18n.getFixedT(values.locale), {
      to: values.email,
      firstName: values.firstName,
      accountName: account.name,
      inviterName: `${current.firstName} ${current.lastName}`.trim(),
      url: `${deps.config.baseUrl}/invitations/${values.token}`,
      existingUser: values.registered,
      accountId: account.id,
    }),
    trx,
  );
}

/**
 * Adds a person to the current account as an invited user: their global login (made now when the
 * e-mail is new), the membership, their contact record and an invitation e-mail in the outbox.
 */
export async function inviteUser(
  deps: AppDeps,
  current: CurrentUser,
  input: InviteInput,
  ip: string | undefined,
): Promise<InviteResult> {
  const accountId = current.account!.id;
  return deps.db.transaction(async (trx) => {
    let user = await trx('users').where({ email: input.email }).first('id', 'password_hash', 'locale', 'first_name');
    if (user) {
      const existing = await trx('memberships').where({ user_id: user.id, account_id: accountId }).first('accepted_at');
      if (existing)
        return {
          ok: false as const,
          error: existing.accepted_at ? ('already_member' as const) : ('already_invited' as const),
        };
    } else {
      [user] = await trx('users')
        .insert({ email: input.email, first_name: input.first_name, last_name: input.last_name })
        .returning(['id', 'password_hash', 'locale', 'first_name']);
    }
    const [membership] = await trx('memberships')
      .insert({
        user_id: user.id,
        account_id: accountId,
        role: input.role,
        title: input.title,
        permissions: input.role === 'member' ? input.permissions : [],
        account_scope: input.role === 'member' && input.accountNumberIds.length ? 'assigned' : 'all',
        invited_at: deps.clock(),
      })
      .returning('id');
    const membershipId = (membership as { id: number }).id;
    if (input.role === 'member' && input.accountNumberIds.length) {
      await trx('membership_account_numbers').insert(
        input.accountNumberIds.map((id) => ({
          membership_id: membershipId,
          account_number_id: id,
          account_id: accountId,
        })),
      );
    }
    // A portal user is also a contact of the account (authorized: the owner or an admin added them).
    await trx('contacts')
      .insert({
        account_id: accountId,
        user_id: user.id,
        first_name: input.first_name,
        last_name: input.last_name || input.first_name,
        email: input.email,
        email_types: ['general'],
        authorization_status: 'authorized',
      })
      .onConflict(['account_id', 'email'])
      .merge({ user_id: user.id, authorization_status: 'authorized' });

    const token = await issueInvitation(trx, deps, membershipId, input.email, current.id);
    const mail = await queueInvitationMail(trx, deps, current, {
      email: input.email,
      firstName: input.first_name,
      locale: user.locale ?? 'es',
      registered: user.password_hash !== null,
      token,
    });
    await recordAudit(trx, {
      action: 'user.invited',
      accountId,
      actorUserId: current.id,
      targetType: 'membership',
      targetId: membershipId,
      ip,
      metadata: { email: input.email, role: input.role },
    });
    return { ok: true as const, membershipId, outboxId: mail.id };
  });
}

/**
 * A new invitation for a pending user, optionally to a corrected e-mail address; the old link dies.
 * Returns the outbox id, or an error when the corrected address belongs to someone else.
 */
export async function resendInvitation(
  deps: AppDeps,
  current: CurrentUser,
  target: { membership_id: number; user_id: number; email: string; first_name: string; registered: boolean },
  newEmail: string,
  ip: string | undefined,
): Promise<{ ok: true; outboxId: number } | { ok: false; error: 'email_taken' | 'registered_email' }> {
  return deps.db.transaction(async (trx) => {
    let email = target.email;
    if (newEmail !== target.email) {
      // Someone with a login owns that address everywhere; inviting another address is a new invitation.
      if (target.registered) return { ok: false as const, error: 'registered_email' as const };
      const taken = await trx('users').where({ email: newEmail }).first('id');
      if (taken) return { ok: false as const, error: 'email_taken' as const };
      await trx('users').where({ id: target.user_id }).update({ email: newEmail, updated_at: trx.fn.now() });
      await trx('contacts')
        .where({ account_id: current.account!.id, user_id: target.user_id })
        .update({ email: newEmail, updated_at: trx.fn.now() });
      email = newEmail;
    }
    const token = await issueInvitation(trx, deps, target.membership_id, email, current.id);
    const user = await trx('users').where({ id: target.user_id }).first('locale');
    const mail = await queueInvitationMail(trx, deps, current, {
      email,
      firstName: target.first_name,
      locale: user.locale,
      registered: target.registered,
      token,
    });
    await recordAudit(trx, {
      action: 'user.invitation_resent',
      accountId: current.account!.id,
      actorUserId: current.id,
      targetType: 'membership',
      targetId: target.membership_id,
      ip,
      metadata: { email, corrected: email !== target.email },
    });
    return { ok: true as const, outboxId: mail.id };
  });
}
