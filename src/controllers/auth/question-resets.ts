import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseNewPassword, parseRecoveryEmail } from '../../forms/auth/password-reset';
import { recoveryAnswers } from '../../forms/auth/security-answers';
import type { FieldErrors } from '../../forms/form';
import { TooManyRequestsError } from '../../domain/errors';
import { saveFormSession } from '../../middleware/locals';
import { recoveryIpRetryAfter } from '../../services/lockout';
import { checkRecoveryAnswers, recoveryQuestions, resetPasswordWithAnswers } from '../../services/question-resets';
import { redirectWithFlash, saveAndRedirect } from '../respond';

/** After the answers, the new password must be set within ten minutes. */
const VERIFIED_FOR_MS = 10 * 60_000;

interface Recovery {
  email: string;
  questions: string[];
  verifiedAt?: number;
}

declare module 'express-session' {
  interface SessionData {
    recovery: Recovery;
  }
}

const verified = (r: Recovery | undefined) =>
  r?.verifiedAt !== undefined && Date.now() - r.verifiedAt < VERIFIED_FOR_MS;

/**
 * ¿Olvidaste tu contraseña? by security questions, in three steps on one address: the e-mail, the
 * answers (the same questions until answered; decoys for an unknown address, so nothing tells them
 * apart), then the new password. Which step a POST is follows from the session and the fields sent.
 */
export function questionResetsController(deps: AppDeps) {
  const { db } = deps;

  function render(req: Request, res: Response, status = 200, errors: FieldErrors = {}, values = { email: '' }) {
    const recovery = req.session.recovery;
    const step = !recovery ? 'email' : verified(recovery) ? 'password' : 'answers';
    res.status(status).render(`auth/passwords/questions-${step}`, { recovery, errors, values });
  }

  /** Back to the first step, once the step's work is done. */
  async function nextStep(req: Request, res: Response) {
    return saveAndRedirect(req, res, '/password/forgot/questions');
  }

  /** Step 1: the address, and the three questions it gets. */
  async function start(req: Request, res: Response) {
    const form = parseRecoveryEmail(req.body);
    if (!form.ok) return render(req, res, 422, form.errors, { email: form.values.email ?? '' });
    req.session.recovery = { email: form.data.email, questions: await recoveryQuestions(deps, form.data.email) };
    return nextStep(req, res);
  }

  /** Step 2: the answers. */
  async function answer(req: Request, res: Response, recovery: Recovery) {
    const retryAfter = await recoveryIpRetryAfter(db, req.ip);
    if (retryAfter) throw new TooManyRequestsError(retryAfter);
    const outcome = await checkRecoveryAnswers(deps, recovery.email, recoveryAnswers(req.body), req.ip);
    if (outcome !== 'accepted') return render(req, res, 422, { answers: `errors.recovery.answers.${outcome}` });
    recovery.verifiedAt = Date.now();
    return nextStep(req, res);
  }

  /** Step 3: the new password; every session of the user ends. */
  async function setPassword(req: Request, res: Response, recovery: Recovery) {
    const form = parseNewPassword(req.body, recovery.email);
    if (!form.ok) return render(req, res, 422, form.errors);
    if (!(await resetPasswordWithAnswers(deps, recovery.email, form.data.password, req.ip)))
      return render(req, res, 422);
    delete req.session.recovery;
    return redirectWithFlash(req, res, '/login', 'flash.password_reset');
  }

  return {
    /** GET /password/forgot/questions */
    async show(req: Request, res: Response) {
      await saveFormSession(req, res);
      render(req, res);
    },

    /** POST /password/forgot/questions */
    async update(req: Request, res: Response) {
      const recovery = req.session.recovery;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.restart !== undefined) {
        delete req.session.recovery;
        return nextStep(req, res);
      }
      if (recovery && verified(recovery) && body.password !== undefined) return setPassword(req, res, recovery);
      if (recovery && body.answers !== undefined) return answer(req, res, recovery);
      return start(req, res);
    },
  };
}
