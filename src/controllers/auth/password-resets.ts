import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseNewPassword, parseRecoveryEmail } from '../../forms/auth/password-reset';
import { TooManyRequestsError } from '../../domain/errors';
import { saveFormSession, speakRecipientLanguage } from '../../middleware/locals';
import {
  findPasswordReset,
  requestPasswordReset,
  resetPasswordWithLink,
  resetRequestRetryAfter,
} from '../../services/password-resets';
import { redirectWithFlash } from '../respond';

/** ¿Olvidaste tu contraseña? by e-mail: the choice page, the link request, and the link itself. */
export function passwordResetsController(deps: AppDeps) {
  const { db } = deps;

  function renderUnusable(res: Response, state: 'invalid' | 'expired') {
    res.status(state === 'expired' ? 410 : 404).render('auth/passwords/unusable', { state });
  }

  return {
    /** GET /password/forgot */
    async choose(req: Request, res: Response) {
      await saveFormSession(req, res);
      res.render('auth/passwords/forgot', { values: { email: '' } });
    },

    /**
     * POST /password/forgot/email — the same page, status and work whether or not the address is
     * registered: only the request is recorded here; the mail worker writes and sends the link.
     */
    async create(req: Request, res: Response) {
      const retryAfter = await resetRequestRetryAfter(db, req.ip);
      if (retryAfter) throw new TooManyRequestsError(retryAfter);
      const form = parseRecoveryEmail(req.body);
      if (!form.ok)
        return res.status(422).render('auth/passwords/forgot', { values: form.values, errors: form.errors });
      await requestPasswordReset(deps, form.data.email, req.ip);
      return res.render('auth/passwords/sent', { email: form.data.email });
    },

    /** GET /password/reset/:token */
    async edit(req: Request, res: Response) {
      const found = await findPasswordReset(deps, req.params.token);
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      await saveFormSession(req, res);
      speakRecipientLanguage(deps.i18n, req, res, found.locale);
      return res.render('auth/passwords/reset', { token: req.params.token });
    },

    /** POST /password/reset/:token — the link works once; every session of the user ends. */
    async update(req: Request, res: Response) {
      const token = req.params.token as string;
      const found = await findPasswordReset(deps, token);
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      const form = parseNewPassword(req.body, found.email);
      speakRecipientLanguage(deps.i18n, req, res, found.locale);
      if (!form.ok) return res.status(422).render('auth/passwords/reset', { token, errors: form.errors });
      if (!(await resetPasswordWithLink(deps, token, form.data.password, req.ip)))
        return renderUnusable(res, 'invalid');
      return redirectWithFlash(req, res, '/login', 'flash.password_reset');
    },
  };
}
