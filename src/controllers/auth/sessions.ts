import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseLogin } from '../../forms/auth/login';
import type { FieldErrors } from '../../forms/form';
import { safeReturnPath } from '../../middleware/authorize';
import { TooManyRequestsError } from '../../middleware/errors';
import { saveFormSession } from '../../middleware/locals';
import { cookieName, destroySession } from '../../middleware/session';
import { activeMemberships } from '../../models/memberships';
import { findUserByEmail, normaliseEmail } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { verifySecret } from '../../services/passwords';
import { ipRetryAfter, isEmailLocked, recordCredentialFailure } from '../../services/lockout';
import { startSignedInSession } from '../../services/sign-in';

export function sessionsController({ db, config }: AppDeps) {
  function renderForm(
    res: Response,
    status: number,
    locals: { email: string; next: string | null; errors?: FieldErrors; failed?: boolean },
  ) {
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
      const retryAfter = await ipRetryAfter(db, req.ip);
      if (retryAfter) throw new TooManyRequestsError(retryAfter);

      const form = parseLogin(req.body);
      if (!form.ok) return renderForm(res, 422, { email: form.values.email ?? '', next, errors: form.errors });

      const email = normaliseEmail(form.data.email);
      const locked = await isEmailLocked(db, email);
      const user = await findUserByEmail(db, email);
      // Always one bcrypt comparison, whatever is wrong, so timing reveals nothing.
      const passwordOk = await verifySecret(form.data.password, user?.password_hash);
      const memberships = user && passwordOk ? await activeMemberships(db, user.id) : [];

      if (!user || !passwordOk || locked || memberships.length === 0) {
        await recordCredentialFailure(db, email, req.ip);
        const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : locked ? 'locked' : 'blocked';
        await recordAudit(db, {
          action: 'auth.login_failed',
          actorUserId: user?.id ?? null,
          ip: req.ip,
          metadata: { email, reason },
        });
        return renderForm(res, 401, { email: form.data.email, next, failed: true });
      }

      const only = memberships.length === 1 ? memberships[0] : null;
      await startSignedInSession(db, req, user, only?.account_id ?? null, 'password');
      if (!only)
        return res.redirect(303, next ? `/accounts/choose?next=${encodeURIComponent(next)}` : '/accounts/choose');
      return res.redirect(303, next ?? '/');
    },

    /** POST /logout */
    async destroy(req: Request, res: Response) {
      const current = req.current!;
      await recordAudit(db, {
        action: 'auth.logout',
        actorUserId: current.id,
        accountId: current.account?.id ?? null,
        ip: req.ip,
      });
      await destroySession(req);
      res.clearCookie(cookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secure });
      res.redirect(303, '/login?signed_out=1');
    },
  };
}
