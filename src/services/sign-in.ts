import type { Request } from 'express';
import type { Db } from '../db/knex';
import { regenerateSession, saveSession } from '../middleware/session';
import { recordLogin } from '../models/users';
import { recordAudit } from './audit';
import { clearLimit } from './rate-limits';

/**
 * Starts a signed-in session: a new session id (no fixation), saved before the redirect that
 * follows, the lockout counter cleared, and the sign-in in the audit log.
 */
export async function startSignedInSession(
  db: Db,
  req: Request,
  user: { id: number; email: string; session_version: number },
  accountId: number | null,
  via: string,
): Promise<void> {
  await regenerateSession(req);
  const now = Date.now();
  Object.assign(req.session, {
    userId: user.id,
    accountId,
    userVersion: user.session_version,
    createdAt: now,
    lastSeenAt: now,
  });
  await saveSession(req);
  await clearLimit(db, `login:email:${user.email}`);
  await recordLogin(db, user.id);
  await recordAudit(db, {
    action: 'auth.login_succeeded',
    actorUserId: user.id,
    accountId,
    ip: req.ip,
    metadata: { via },
  });
}
