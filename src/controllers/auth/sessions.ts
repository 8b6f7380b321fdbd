import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseLogin } from '../../forms/auth/login';
import type { FieldErrors } from '../../forms/form';
import { safeReturnPath } from '../../domain/return-path';
import { TooManyRequestsError } from '../../domain/errors';
import { cookieFormToken } from '../../middleware/form-cookie';
import { cookieName } from '../../middleware/session';
import { ipRetryAfter } from '../../services/lockout';
import { signInWithPassword, signOut } from '../../services/sign-in';
import { secondStepPath } from './two-factor';
import { withUser } from '../handlers';
import { signInSessionOf } from '../../middleware/sign-in-session';

/** Iniciar sesión and Cerrar sesión. */
export function sessionsController(deps: AppDeps) {
  const { db, config } = deps;
  // The form's token is bound to a cookie, not a session: showing it writes nothing (a visitor who
  // already has a session with a token keeps using that one).
  const withoutSession = (req: Request, res: Response) => {
    if (!req.session?.csrfToken) res.locals.csrf = () => cookieFormToken(config, req, res);
  };

  function renderForm(
    req: Request,
    res: Response,
    status: number,
    locals: { email: string; next: string | null; errors?: FieldErrors; failed?: boolean },
  ) {
    withoutSession(req, res);
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
      withoutSession(req, res);
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
      if (!form.ok) return renderForm(req, res, 422, { email: form.values.email ?? '', next, errors: form.errors });

      const result = await signInWithPassword(deps, signInSessionOf(req), form.data, config.twoFactorRequiredFor);
      if (!result.ok) return renderForm(req, res, 401, { email: form.data.email, next, failed: true });
      if ('secondFactor' in result) return res.redirect(303, secondStepPath(next));
      if (result.accountId === null)
        return res.redirect(303, next ? `/accounts/choose?next=${encodeURIComponent(next)}` : '/accounts/choose');
      return res.redirect(303, next ?? '/');
    },

    /** POST /logout */
    destroy: withUser(async (req, res, current) => {
      await signOut(db, signInSessionOf(req), current);
      res.clearCookie(cookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secure });
      res.redirect(303, '/login?signed_out=1');
    }),
  };
}
