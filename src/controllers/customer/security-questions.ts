import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { chosenQuestions } from '../../forms/auth/security-answers';
import type { FieldErrors } from '../../forms/form';
import { parseSecurityQuestions } from '../../forms/customer/security-questions';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { securityQuestionsChangedMail } from '../../mail/messages';
import { findUserById } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { isEmailLocked, recordCredentialFailure } from '../../services/lockout';
import { verifySecret } from '../../services/passwords';
import { QUESTION_KEYS, questionsOf, saveAnswers } from '../../services/security-questions';

/** Preguntas de seguridad: change them with the current password; the user is told by e-mail. */
export function securityQuestionsController({ db, mailer, config, i18n }: AppDeps) {
  function render(res: Response, status: number, questions: string[], errors: FieldErrors = {}) {
    res.status(status).render('customer/security-questions/edit', { questions, questionKeys: QUESTION_KEYS, errors });
  }

  return {
    /** GET /profile/security-questions */
    async edit(req: Request, res: Response) {
      render(
        res,
        200,
        (await questionsOf(db, req.current!.id)).map((q) => q.question_key),
      );
    },

    /** POST /profile/security-questions */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const form = parseSecurityQuestions(req.body);
      if (!form.ok) return render(res, 422, chosenQuestions(req.body), form.errors);
      const locked = await isEmailLocked(db, current.email);
      const user = await findUserById(db, current.id);
      if (locked || !(await verifySecret(form.data.current_password, user?.password_hash))) {
        await recordCredentialFailure(db, current.email, req.ip);
        return render(res, 422, form.data.questions, { current_password: 'errors.password.current_password.wrong' });
      }
      await db.transaction(async (trx) => {
        await saveAnswers(
          trx,
          current.id,
          form.data.questions.map((question, i) => ({ question, answer: form.data.answers[i] })),
        );
        await mailer.enqueue(
          securityQuestionsChangedMail(i18n.getFixedT(current.locale), current, config.baseUrl),
          trx,
        );
        await recordAudit(trx, {
          action: 'security_questions.changed',
          actorUserId: current.id,
          accountId: current.account?.id ?? null,
          targetType: 'user',
          targetId: current.id,
          ip: req.ip,
        });
      });
      setFlash(req, 'flash.questions_saved');
      await saveSession(req);
      return res.redirect(303, '/profile');
    },
  };
}
