import type { Db } from '../db/knex';
import type { Locale } from '../i18n';
import { hashToken, looksLikeToken } from '../domain/tokens';

export interface InvitationDetails {
  invitationId: number;
  membershipId: number;
  accountId: number;
  accountName: string;
  userId: number;
  email: string;
  firstName: string;
  registered: boolean;
  sessionVersion: number;
  /** The invitee's language, as the inviter chose it for a new login. */
  locale: Locale;
}

export type InvitationLookup =
  { state: 'ok'; invitation: InvitationDetails } | { state: 'invalid' } | { state: 'expired' };

/** The invitation behind a link: unknown, used, revoked or blocked is "invalid"; past 72 h "expired". */
export async function findInvitation(db: Db, token: unknown, now: Date, lock = false): Promise<InvitationLookup> {
  if (!looksLikeToken(token)) return { state: 'invalid' };
  const query = db('invitations as i')
    .join('memberships as m', 'm.id', 'i.membership_id')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where('i.token_hash', hashToken(token))
    .first(
      'i.id',
      'i.expires_at',
      'i.used_at',
      'i.revoked_at',
      'm.id as membership_id',
      'm.accepted_at',
      'm.blocked_at',
      'a.id as account_id',
      'a.name as account_name',
      'u.id as user_id',
      'u.email',
      'u.first_name',
      'u.session_version',
      'u.locale',
      db.raw('u.password_hash IS NOT NULL AS registered'),
    );
  if (lock) query.forUpdate('i');
  const row = await query;
  if (!row || row.used_at || row.revoked_at || row.accepted_at || row.blocked_at) return { state: 'invalid' };
  if (row.expires_at.getTime() <= now.getTime()) return { state: 'expired' };
  return {
    state: 'ok',
    invitation: {
      invitationId: row.id,
      membershipId: row.membership_id,
      accountId: row.account_id,
      accountName: row.account_name,
      userId: row.user_id,
      email: row.email,
      firstName: row.first_name,
      registered: row.registered,
      sessionVersion: row.session_version,
      locale: row.locale,
    },
  };
}

/** Marks the invitation used and the membership accepted (inside the caller's transaction). */
export async function acceptInvitation(trx: Db, invitation: InvitationDetails, now: Date): Promise<void> {
  await trx('invitations').where({ id: invitation.invitationId }).update({ used_at: now });
  await revokeOpenInvitations(trx, invitation.membershipId, now);
  await trx('memberships').where({ id: invitation.membershipId }).update({ accepted_at: now, updated_at: now });
}

/** The membership's invitation links not used yet stop working (at `at`, or the database's now). */
export async function revokeOpenInvitations(db: Db, membershipId: number, at?: Date): Promise<void> {
  await db('invitations')
    .where({ membership_id: membershipId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: at ?? db.fn.now() });
}

export async function insertInvitation(
  db: Db,
  values: { membershipId: number; tokenHash: Buffer; sentTo: string; expiresAt: Date; createdBy: number | null },
): Promise<void> {
  await db('invitations').insert({
    membership_id: values.membershipId,
    token_hash: values.tokenHash,
    sent_to: values.sentTo,
    expires_at: values.expiresAt,
    created_by_user_id: values.createdBy,
  });
}
