import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { answerPairs, chosenQuestions } from '../../forms/auth/security-answers';
import type { FieldErrors } from '../../forms/form';
import { parseSecurityQuestions } from '../../forms/customer/security-questions';
import { questionsOf } from '../../services/security-questions';
import { QUESTION_KEYS } from '../../domain/security-questions';
import { changeSecurityQuestions } from '../../services/user-settings';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';

/** Preguntas de seguridad: change them with the current password; the user is told by e-mail. */
export function securityQuestionsController(deps: AppDeps) {
  function render(req: Request, res: Response, status: number, questions: string[], errors: FieldErrors = {}) {
    res.status(status).render('customer/security-questions/edit', {
      questions,
      questionKeys: QUESTION_KEYS,
      errors,
      firstSignIn: req.session.choosingQuestions === true,
    });
  }

  return {
    /** GET /profile/security-questions */
    edit: withUser(async (req, res, current) => {
      const questions = await questionsOf(deps.db, current.id);
      render(
        req,
        res,
        200,
        questions.map((q) => q.question_key),
      );
    }),

    /** POST /profile/security-questions — wrong current passwords count toward the sign-in lockout. */
    update: withUser(async (req, res, current) => {
      const form = parseSecurityQuestions(req.body);
      if (!form.ok) return render(req, res, 422, chosenQuestions(req.body), form.errors);
      const saved = await changeSecurityQuestions(
        deps,
        current,
        { currentPassword: form.data.current_password, answers: answerPairs(form.data) },
        req.ip,
      );
      if (!saved)
        return render(req, res, 422, form.data.questions, {
          current_password: 'errors.password.current_password.wrong',
        });
      // A first sign-in is complete now: on to the account.
      const firstSignIn = req.session.choosingQuestions === true;
      delete req.session.choosingQuestions;
      return redirectWithFlash(req, res, firstSignIn ? '/' : '/profile', 'flash.questions_saved');
    }),
  };
}
