import type { Request } from 'express';
import { PENDING_SIGN_IN_MS, type PendingSignIn, type SignInSession } from '../domain/sign-in-session';
import { USER_AGENT_MAX } from '../domain/user-agent';
import { destroySession, regenerateSession, saveSession } from './session';

declare module 'express-session' {
  interface SessionData {
    pendingSignIn: PendingSignIn;
  }
}

/** The session's pending sign-in, unless it has expired. */
export function pendingSignInOf(req: Request, now = Date.now()): PendingSignIn | null {
  const pending = req.session?.pendingSignIn;
  if (!pending || now - pending.startedAt > PENDING_SIGN_IN_MS) return null;
  return pending;
}

/** The request's session as the sign-in services use it (src/domain/sign-in-session.ts). */
export function signInSessionOf(req: Request): SignInSession {
  return {
    ip: req.ip,
    userAgent: req.get('user-agent'),
    async start({ userId, accountId, userVersion, choosingQuestions }) {
      await regenerateSession(req);
      const now = Date.now();
      Object.assign(req.session, {
        userId,
        accountId,
        userVersion,
        createdAt: now,
        lastSeenAt: now,
        // What «Sesiones y dispositivos» shows, written once here and never per request.
        userAgent: (req.get('user-agent') ?? '').slice(0, USER_AGENT_MAX),
        ip: req.ip ?? '',
        // The default app applies right after signing in, and only then (see middleware/landing.ts).
        landing: true,
        ...(choosingQuestions ? { choosingQuestions } : {}),
      });
      await saveSession(req);
    },
    async hold(pending) {
      await regenerateSession(req);
      req.session.pendingSignIn = pending;
      await saveSession(req);
    },
    pending: () => pendingSignInOf(req),
    async dropPending() {
      delete req.session.pendingSignIn;
      await saveSession(req);
    },
    async switchAccount(accountId) {
      req.session.accountId = accountId;
      await saveSession(req);
    },
    end: () => destroySession(req),
  };
}
