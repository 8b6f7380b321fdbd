import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { passwordChangedMail, passwordResetMail } from '../mail/messages';
import { updatePassword } from '../models/users';
import { recordAudit } from './audit';
import { clearLimit } from './rate-limits';
import { expiresAt, hashToken, looksLikeToken, newToken, RESET_TTL_MS } from './tokens';

interface ResetUser {
  id: number;
  email: string;
  first_name: string;
  locale: 'es' | 'en';
}

/** A new single-use link (older ones die) and its e-mail in the outbox. */
export async function issuePasswordReset(
  deps: AppDeps,
  trx: Db,
  user: ResetUser,
  ip: string | undefined,
): Promise<number> {
  await trx('password_resets')
    .where({ user_id: user.id })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: deps.clock() });
  const { token, hash } = newToken();
  await trx('password_resets').insert({
    user_id: user.id,
    token_hash: hash,
    expires_at: expiresAt(deps.clock, RESET_TTL_MS),
    requested_ip: ip ?? '',
  });
  const mail = await deps.mailer.enqueue(
    passwordResetMail(
      deps.i18n.getFixedT(user.locale),
      { email: user.email, firstName: user.first_name },
      `${deps.config.baseUrl}/password/reset/${token}`,
    ),
    trx,
  );
  return mail.id;
}

export type ResetLookup =
  { state: 'ok'; resetId: number; userId: number } | { state: 'invalid' } | { state: 'expired' };

export async function findPasswordReset(
  deps: AppDeps,
  token: unknown,
  trx: Db = deps.db,
  lock = false,
): Promise<ResetLookup> {
  if (!looksLikeToken(token)) return { state: 'invalid' };
  const query = trx('password_resets')
    .where({ token_hash: hashToken(token) })
    .first('id', 'user_id', 'expires_at', 'used_at', 'revoked_at');
  if (lock) query.forUpdate();
  const row = await query;
  if (!row || row.used_at || row.revoked_at) return { state: 'invalid' };
  if (row.expires_at.getTime() <= deps.clock().getTime()) return { state: 'expired' };
  return { state: 'ok', resetId: row.id, userId: row.user_id };
}

/**
 * Sets the new password from a reset (by link or by security questions): every session of the user
 * ends, every open reset link dies, the lockout is lifted, and the user is told by e-mail.
 */
export async function completePasswordReset(
  deps: AppDeps,
  trx: Db,
  userId: number,
  passwordHash: string,
  via: 'email' | 'questions',
  ip: string | undefined,
): Promise<void> {
  await updatePassword(trx, userId, passwordHash);
  await trx('password_resets')
    .where({ user_id: userId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: deps.clock() });
  const user = await trx('users').where({ id: userId }).first('email', 'first_name', 'locale');
  await clearLimit(trx, `login:email:${user.email}`);
  await deps.mailer.enqueue(
    passwordChangedMail(
      deps.i18n.getFixedT(user.locale),
      { email: user.email, firstName: user.first_name },
      deps.config.baseUrl,
    ),
    trx,
  );
  await recordAudit(trx, {
    action: 'password.reset_completed',
    actorUserId: userId,
    targetType: 'user',
    targetId: userId,
    ip,
    metadata: { via },
  });
}
