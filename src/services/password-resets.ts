import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import type { Locale } from '../i18n';
import { passwordChangedMail, passwordResetMail } from '../mail/messages';
import {
  findPasswordResetByHash,
  insertPasswordReset,
  markPasswordResetUsed,
  revokeOpenPasswordResets,
} from '../models/password-resets';
import { insertPasswordResetRequest, takePasswordResetRequests } from '../models/password-reset-requests';
import { findUserByEmail, findUserById, updatePassword } from '../models/users';
import { recordAudit } from './audit';
import { clearCredentialFailures, clearRecoveryFailures } from './lockout';
import { hashSecret } from './passwords';
import { currentHits, hitLimit, secondsUntil } from './rate-limits';
import { expiresAt, hashToken, looksLikeToken, newToken, RESET_TTL_MS } from '../domain/tokens';

/** Requests for reset links per client address (in RESET_IP_WINDOW_SECONDS) and mails per e-mail address (an hour). */
export const MAX_REQUESTS_PER_IP = 10;
export const MAX_MAILS_PER_EMAIL = 3;
const RESET_IP_WINDOW_SECONDS = 15 * 60;
const RESET_EMAIL_WINDOW_SECONDS = 3600;

const ipKey = (ip: string | undefined) => `reset:ip:${ip}`;

interface ResetUser {
  id: number;
  email: string;
  first_name: string;
  locale: Locale;
}

/**
 * A new single-use link (older ones die) and its e-mail in the outbox; `startedBy`: the owner or
 * admin who sent it from Administrar usuarios, named in the e-mail.
 */
export async function issuePasswordReset(
  deps: AppDeps,
  user: ResetUser,
  ip: string | undefined,
  startedBy?: { name: string; accountName: string },
): Promise<number> {
  const { db } = deps;
  await revokeOpenPasswordResets(db, user.id, deps.clock());
  const { token, hash } = newToken();
  await insertPasswordReset(db, {
    userId: user.id,
    tokenHash: hash,
    expiresAt: expiresAt(deps.clock, RESET_TTL_MS),
    requestedIp: ip ?? '',
  });
  const mail = await deps.mailer.enqueue(
    passwordResetMail(
      deps.i18n.getFixedT(user.locale),
      { email: user.email, firstName: user.first_name },
      `${deps.config.baseUrl}/password/reset/${token}`,
      startedBy,
    ),
    db,
  );
  return mail.id;
}

/** Seconds until this client address may ask for reset links again, or 0 when it may now. */
export async function resetRequestRetryAfter(db: Db, ip: string | undefined): Promise<number> {
  const { hits, resetAt } = await currentHits(db, ipKey(ip));
  return hits >= MAX_REQUESTS_PER_IP ? secondsUntil(resetAt) : 0;
}

/**
 * ¿Olvidaste tu contraseña? by e-mail, in the request: the same work whether or not the address is
 * registered (the rate limits and one row recording the request), so neither the answer nor its
 * time tells them apart. At most MAX_MAILS_PER_EMAIL requests an hour per address are recorded.
 * The link itself is issued by processPasswordResetRequests, in the mail worker.
 */
export async function requestPasswordReset(deps: AppDeps, email: string, ip: string | undefined): Promise<void> {
  const { db } = deps;
  await hitLimit(db, ipKey(ip), RESET_IP_WINDOW_SECONDS);
  const perEmail = await hitLimit(db, `reset:email:${email}`, RESET_EMAIL_WINDOW_SECONDS);
  if (perEmail.hits <= MAX_MAILS_PER_EMAIL) await insertPasswordResetRequest(db, { email, ip: ip ?? '' });
}

/**
 * The recorded requests, handled after the fact: a link goes to the outbox only for a user with a
 * password; every request is audited, known or not. Returns how many were handled.
 */
export async function processPasswordResetRequests(deps: AppDeps, limit = 50): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const requests = await takePasswordResetRequests(trx, limit);
    for (const request of requests) {
      const ip = request.requested_ip || undefined;
      const user = await findUserByEmail(trx, request.email);
      if (user?.password_hash) await issuePasswordReset({ ...deps, db: trx }, user, ip);
      await recordAudit(trx, {
        action: 'password.reset_requested',
        actorUserId: user?.id ?? null,
        ip,
        metadata: { email: request.email, known: Boolean(user?.password_hash) },
      });
    }
    return requests.length;
  });
}

export type ResetLookup =
  | { state: 'ok'; resetId: number; userId: number; email: string; locale: Locale }
  | { state: 'invalid' }
  | { state: 'expired' };

/** The reset behind a link: unknown, used or revoked is "invalid"; past its hour "expired". */
export async function findPasswordReset(deps: AppDeps, token: unknown, lock = false): Promise<ResetLookup> {
  if (!looksLikeToken(token)) return { state: 'invalid' };
  const row = await findPasswordResetByHash(deps.db, hashToken(token), lock);
  if (!row || row.used_at || row.revoked_at) return { state: 'invalid' };
  if (row.expires_at.getTime() <= deps.clock().getTime()) return { state: 'expired' };
  return { state: 'ok', resetId: row.id, userId: row.user_id, email: row.email, locale: row.locale };
}

/**
 * Sets the new password from a reset link. The link works once even when two tabs submit at once
 * (the row is locked and checked again); false when it was used or revoked meanwhile.
 */
export async function resetPasswordWithLink(
  deps: AppDeps,
  token: string,
  password: string,
  ip: string | undefined,
): Promise<boolean> {
  const hash = await hashSecret(password);
  return deps.db.transaction(async (trx) => {
    const inTrx = { ...deps, db: trx };
    const again = await findPasswordReset(inTrx, token, true);
    if (again.state !== 'ok') return false;
    await markPasswordResetUsed(trx, again.resetId, deps.clock());
    await completePasswordReset(inTrx, again.userId, hash, 'email', ip);
    return true;
  });
}

/**
 * Sets the new password from a reset (by link or by security questions): every session of the user
 * ends, every open reset link dies, both lockouts are lifted, and the user is told by e-mail.
 */
export async function completePasswordReset(
  deps: AppDeps,
  userId: number,
  passwordHash: string,
  via: 'email' | 'questions',
  ip: string | undefined,
): Promise<void> {
  const { db } = deps;
  await updatePassword(db, userId, passwordHash);
  await revokeOpenPasswordResets(db, userId, deps.clock());
  const user = await findUserById(db, userId);
  if (!user) throw new Error(`user ${userId} not found while completing a password reset`);
  await clearCredentialFailures(db, user.email);
  await clearRecoveryFailures(db, user.email);
  await deps.mailer.enqueue(
    passwordChangedMail(
      deps.i18n.getFixedT(user.locale),
      { email: user.email, firstName: user.first_name },
      deps.config.baseUrl,
    ),
    db,
  );
  await recordAudit(db, {
    action: 'password.reset_completed',
    actorUserId: userId,
    targetType: 'user',
    targetId: userId,
    ip,
    metadata: { via },
  });
}
