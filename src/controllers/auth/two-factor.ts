import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { parseSecondFactorCode, parseSetUpCode, wrongCode } from '../../forms/auth/two-factor';
import { safeReturnPath } from '../../domain/return-path';
import { TooManyRequestsError } from '../../domain/errors';
import { saveFormSession } from '../../middleware/locals';
import { signInSessionOf } from '../../middleware/sign-in-session';
import { ipRetryAfter } from '../../services/lockout';
import { secondStepOf, signInWithCode, signInWithSetUp, type SecondStep } from '../../services/two-factor-sign-in';
import { setUpDetails } from '../../services/two-factor-settings';
import { redirectWithError, redirectWithFlash, saveAndRedirect } from '../respond';

/** Where the password step sends a sign-in that needs the second factor (keeping the deep link). */
export function secondStepPath(next: string | null): string {
  return next ? `/login/two-factor?next=${encodeURIComponent(next)}` : '/login/two-factor';
}

/** Where a finished sign-in lands: the deep link, or the choice of account for several. */
function landing(accountId: number | null, next: string | null): string {
  if (accountId === null) return next ? `/accounts/choose?next=${encodeURIComponent(next)}` : '/accounts/choose';
  return next ?? '/';
}

/** The second step of signing in: the code from the app (or a recovery code), or setting one up. */
export function twoFactorSignInController(deps: AppDeps) {
  const { db } = deps;

  /** Nothing to finish here (never started, expired, or the user changed): sign in again. */
  async function backToLogin(req: Request, res: Response) {
    if (!req.session?.pendingSignIn) return res.redirect(303, '/login');
    await signInSessionOf(req).dropPending();
    return redirectWithError(req, res, '/login', 'flash.two_factor_expired');
  }

  async function render(req: Request, res: Response, second: SecondStep, status = 200, errors: FieldErrors = {}) {
    const next = safeReturnPath(req.method === 'GET' ? req.query.next : req.body?.next);
    res.set('Cache-Control', 'no-store');
    if (second.step === 'code') return res.status(status).render('auth/two-factor/code', { next, errors });
    const setUp = await setUpDetails(deps, second.user);
    return res.status(status).render('auth/two-factor/setup', { next, errors, setUp });
  }

  return {
    /** GET /login/two-factor */
    async show(req: Request, res: Response) {
      const second = await secondStepOf(deps, signInSessionOf(req));
      if (!second) return backToLogin(req, res);
      await saveFormSession(req, res);
      return render(req, res, second);
    },

    /** POST /login/two-factor — wrong codes count toward the sign-in lockout. */
    async create(req: Request, res: Response) {
      const retryAfter = await ipRetryAfter(db, req.ip);
      if (retryAfter) throw new TooManyRequestsError(retryAfter);
      const second = await secondStepOf(deps, signInSessionOf(req));
      if (!second) return backToLogin(req, res);
      const next = safeReturnPath(req.body?.next);

      if (second.step === 'setup') {
        const form = parseSetUpCode(req.body);
        if (!form.ok) return render(req, res, second, 422, form.errors);
        const result = await signInWithSetUp(deps, signInSessionOf(req), second, form.data.code);
        if (!result.ok) return render(req, res, second, 422, { code: 'errors.two_factor.code.wrong' });
        res.set('Cache-Control', 'no-store');
        return res.render('customer/two-factor/recovery-codes', {
          recoveryCodes: result.recoveryCodes,
          continuePath: landing(result.accountId ?? null, next),
        });
      }

      const form = parseSecondFactorCode(req.body);
      if (!form.ok) return render(req, res, second, 422, form.errors);
      const result = await signInWithCode(deps, signInSessionOf(req), second, form.data.code);
      if (!result.ok) return render(req, res, second, 422, { code: wrongCode(form.data.code) });
      const path = landing(result.accountId, next);
      if (result.via === 'recovery_code')
        return redirectWithFlash(req, res, path, 'flash.recovery_code_used', { remaining: String(result.unusedCodes) });
      return saveAndRedirect(req, res, path);
    },
  };
}
