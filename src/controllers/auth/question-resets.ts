import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseNewPassword, parseRecoveryEmail } from '../../forms/auth/password-reset';
import { TooManyRequestsError } from '../../middleware/errors';
import { saveFormSession, setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { findUserByEmail } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { ipRetryAfter, isEmailLocked, recordCredentialFailure } from '../../services/lockout';
import { completePasswordReset } from '../../services/password-resets';
import { hashSecret } from '../../services/passwords';
import { answersMatch, decoyQuestions, questionsOf } from '../../services/security-questions';

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

/**
 * ¿Olvidaste tu contraseña? by security questions, in three steps on one address: the e-mail, the
 * answers (the same questions until answered; decoys for an unknown address, so nothing tells them
 * apart), then the new password.
 */
export function questionResetsController(deps: AppDeps) {
  const { db, config } = deps;
  const verified = (r: Recovery | undefined) =>
    r?.verifiedAt !== undefined && Date.now() - r.verifiedAt < VERIFIED_FOR_MS;

  function render(req: Request, res: Response, status = 200, errors = {}, values = { email: '' }) {
    const recovery = req.session.recovery;
    const step = !recovery ? 'email' : verified(recovery) ? 'password' : 'answers';
    res.status(status).render(`auth/passwords/questions-${step}`, { recovery, errors, values });
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
      } else if (recovery && verified(recovery) && body.password !== undefined) {
        const form = parseNewPassword(body, recovery.email);
        if (!form.ok) return render(req, res, 422, form.errors);
        const user = await findUserByEmail(db, recovery.email);
        if (!user) return render(req, res, 422);
        const hash = await hashSecret(form.data.password);
        await db.transaction((trx) => completePasswordReset(deps, trx, user.id, hash, 'questions', req.ip));
        delete req.session.recovery;
        setFlash(req, 'flash.password_reset');
        await saveSession(req);
        return res.redirect(303, '/login');
      } else if (recovery && body.answers !== undefined) {
        const retryAfter = await ipRetryAfter(db, req.ip);
        if (retryAfter) throw new TooManyRequestsError(retryAfter);
        const user = await findUserByEmail(db, recovery.email);
        const stored = user?.password_hash ? await questionsOf(db, user.id) : [];
        const given = Array.isArray(body.answers) ? body.answers : Object.values((body.answers as object) ?? {});
        const locked = await isEmailLocked(db, recovery.email);
        // All three answers are always checked (bcrypt), known address or not.
        const ok =
          (await answersMatch(
            stored,
            given.map((a) => (typeof a === 'string' ? a : '')),
          )) && !locked;
        if (!ok) {
          await recordCredentialFailure(db, recovery.email, req.ip);
          await recordAudit(db, {
            action: 'password.questions_failed',
            actorUserId: user?.id ?? null,
            ip: req.ip,
            metadata: { email: recovery.email },
          });
          return render(req, res, 422, { answers: 'errors.recovery.answers.wrong' });
        }
        recovery.verifiedAt = Date.now();
      } else {
        const form = parseRecoveryEmail(body);
        if (!form.ok) return render(req, res, 422, form.errors, { email: form.values.email ?? '' });
        const user = await findUserByEmail(db, form.data.email);
        const stored = user?.password_hash ? await questionsOf(db, user.id) : [];
        const questions =
          stored.length === 3
            ? stored.map((q) => q.question_key)
            : decoyQuestions(form.data.email, config.sessionSecret);
        req.session.recovery = { email: form.data.email, questions };
      }
      await saveSession(req);
      return res.redirect(303, '/password/forgot/questions');
    },
  };
}
