import type { Request } from 'express';
import { regenerateSession, saveSession } from '../middleware/session';

/**
 * A sign-in that has passed the password (or an invitation) and waits for the second factor. It
 * is kept apart from `userId`, which alone makes a session signed in (src/middleware/current-user.ts):
 * until the second step, the session passes no policy that needs a user.
 */
export interface PendingSignIn {
  userId: number;
  accountId: number | null;
  userVersion: number;
  /** How the first step was made, for the audit log ('password', 'invitation'). */
  via: string;
  startedAt: number;
}

declare module 'express-session' {
  interface SessionData {
    pendingSignIn: PendingSignIn;
  }
}

/** Time to type the code (or set up the app) before the password must be typed again. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

/** A new session id (no fixation) that holds only the pending sign-in, saved before the redirect. */
export async function holdForSecondFactor(
  req: Request,
  user: { id: number; session_version: number },
  accountId: number | null,
  via: string,
): Promise<void> {
  await regenerateSession(req);
  req.session.pendingSignIn = {
    userId: user.id,
    accountId,
    userVersion: user.session_version,
    via,
    startedAt: Date.now(),
  };
  await saveSession(req);
}

/** The session's pending sign-in, unless it has expired. */
export function pendingSignInOf(req: Request, now = Date.now()): PendingSignIn | null {
  const pending = req.session?.pendingSignIn;
  if (!pending || now - pending.startedAt > PENDING_SIGN_IN_MS) return null;
  return pending;
}

/** Forgets the pending sign-in (expired, or the user is no longer able to sign in). */
export async function dropPendingSignIn(req: Request): Promise<void> {
  delete req.session.pendingSignIn;
  await saveSession(req);
}
