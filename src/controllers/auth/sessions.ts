import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseLogin } from '../../forms/auth/login';
import { safeReturnPath } from '../../middleware/authorize';
import { TooManyRequestsError } from '../../middleware/errors';
import { saveFormSession } from '../../middleware/locals';
import { destroySession, regenerateSession, saveSession, cookieName } from '../../middleware/session';
import { activeMemberships } from '../../models/memberships';
import { findUserByEmail, normaliseEmail, recordLogin } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { verifySecret } from '../../services/passwords';
import { clearLimit, currentHits, hitLimit } from '../../services/rate-limits';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures per e-mail address before it is locked for the rest of the window. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failures per client address before it gets 429 for the rest of the window. */
export const MAX_FAILURES_PER_IP = 20;

export function sessionsController({ db, config }: AppDeps) {
  function renderForm(res: Response, status: number, locals: { email: string; next: string | null; errors?: Record<string, string>; failed?: boolean }) {
    res.status(status).render('auth/sessions/new', {
      values: { email: locals.email },
      next: locals.next,
      errors: locals.errors ?? {},
      failed: locals.failed ?? false,
      signedOut: false,
    });
  }

  return {
    /** GET /login */
    async new(req: Request, res: Response) {
      await saveFormSession(req, res);
      res.render('auth/sessions/new', {
        values: { email: '' },
        next: safeReturnPath(req.query.next),
        failed: false,
        signedOut: req.query.signed_out === '1',
      });
    },

    /** POST /login — one answer for unknown e-mail, wrong password, locked and blocked users. */
    async create(req: Request, res: Response) {
      const next = safeReturnPath(req.body?.next);
      const ipKey = `login:ip:${req.ip}`;
      const ipHits = await currentHits(db, ipKey);
      if (ipHits.hits >= MAX_FAILURES_PER_IP) {
        const seconds = Math.max(1, Math.ceil(((ipHits.resetAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
        throw new TooManyRequestsError(seconds);
      }

      const form = parseLogin(req.body);
      if (!form.ok) return renderForm(res, 422, { email: form.values.email ?? '', next, errors: form.errors });

      const email = normaliseEmail(form.data.email);
      const emailKey = `login:email:${email}`;
      const locked = (await currentHits(db, emailKey)).hits >= MAX_FAILURES_PER_EMAIL;
      const user = await findUserByEmail(db, email);
      // Always one bcrypt comparison, whatever is wrong, so timing reveals nothing.
      const passwordOk = await verifySecret(form.data.password, user?.password_hash);
      const memberships = user && passwordOk ? await activeMemberships(db, user.id) : [];

      if (!user || !passwordOk || locked || memberships.length === 0) {
        await hitLimit(db, ipKey, LOGIN_WINDOW_SECONDS);
        await hitLimit(db, emailKey, LOGIN_WINDOW_SECONDS);
        const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : locked ? 'locked' : 'blocked';
        await recordAudit(db, { action: 'auth.login_failed', actorUserId: user?.id ?? null, ip: req.ip, metadata: { email, reason } });
        return renderForm(res, 401, { email: form.data.email, next, failed: true });
      }

      await regenerateSession(req);
      const now = Date.now();
      const only = memberships.length === 1 ? memberships[0]! : null;
      Object.assign(req.session, { userId: user.id, accountId: only?.account_id ?? null, userVersion: user.session_version, createdAt: now, lastSeenAt: now });
      await saveSession(req);
      await clearLimit(db, emailKey);
      await recordLogin(db, user.id);
      await recordAudit(db, { action: 'auth.login_succeeded', actorUserId: user.id, accountId: only?.account_id ?? null, ip: req.ip });
      if (!only) return res.redirect(303, next ? `/accounts/choose?next=${encodeURIComponent(next)}` : '/accounts/choose');
      return res.redirect(303, next ?? '/');
    },

    /** POST /logout */
    async destroy(req: Request, res: Response) {
      const current = req.current!;
      await recordAudit(db, { action: 'auth.logout', actorUserId: current.id, accountId: current.account?.id ?? null, ip: req.ip });
      await destroySession(req);
      res.clearCookie(cookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secure });
      res.redirect(303, '/login?signed_out=1');
    },
  };
}
