import type { Db } from '../db/knex';
import type { Locale } from '../i18n';

export interface PasswordResetRow {
  id: number;
  user_id: number;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  /** The user's address, for the password rules of the form. */
  email: string;
  /** The user's language: the page opened from the e-mail speaks it. */
  locale: Locale;
}

export async function insertPasswordReset(
  db: Db,
  values: { userId: number; tokenHash: Buffer; expiresAt: Date; requestedIp: string },
): Promise<void> {
  await db('password_resets').insert({
    user_id: values.userId,
    token_hash: values.tokenHash,
    expires_at: values.expiresAt,
    requested_ip: values.requestedIp,
  });
}

/** The reset behind a link's token hash; `lock` holds the row until the caller's transaction ends. */
export async function findPasswordResetByHash(
  db: Db,
  tokenHash: Buffer,
  lock = false,
): Promise<PasswordResetRow | undefined> {
  const query = db('password_resets as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where('r.token_hash', tokenHash)
    .first('r.id', 'r.user_id', 'r.expires_at', 'r.used_at', 'r.revoked_at', 'u.email', 'u.locale');
  if (lock) query.forUpdate('r');
  return query as Promise<PasswordResetRow | undefined>;
}

export async function markPasswordResetUsed(db: Db, id: number, now: Date): Promise<void> {
  await db('password_resets').where({ id }).update({ used_at: now });
}

/** Every link of the user that could still be used dies. */
export async function revokeOpenPasswordResets(db: Db, userId: number, now: Date): Promise<void> {
  await db('password_resets')
    .where({ user_id: userId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: now });
}
