import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import { answerPairs, chosenQuestions, typedAnswers } from '../../forms/auth/security-answers';
import type { FieldErrors } from '../../forms/form';
import { parseFirstSignIn, parseSecurityQuestions } from '../../forms/customer/security-questions';
import { firstSignInSteps } from '../../models/security-answers';
import { questionsOf } from '../../services/security-questions';
import { QUESTION_KEYS } from '../../domain/security-questions';
import { changeSecurityQuestions, completeFirstSignIn } from '../../services/user-settings';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';

const WRONG_CURRENT: FieldErrors = { current_password: 'errors.password.current_password.wrong' };

/**
 * Preguntas de seguridad: change them with the current password; the user is told by e-mail. At the
 * first sign-in of a login made with someone else's password, the same page also asks for a
 * password of the user's own.
 */
export function securityQuestionsController(deps: AppDeps) {
  /** At a first sign-in: whether the password given must be replaced too. */
  const replacingPassword = async (req: Request, current: CurrentUser) =>
    req.session.choosingQuestions === true && (await firstSignInSteps(deps.db, current.id)).password;

  async function render(
    req: Request,
    res: Response,
    current: CurrentUser,
    view: { status: number; questions: string[]; errors?: FieldErrors; answers?: string[] },
  ) {
    res.status(view.status).render('customer/security-questions/edit', {
      questions: view.questions,
      answers: view.answers ?? [],
      questionKeys: QUESTION_KEYS,
      errors: view.errors ?? {},
      firstSignIn: req.session.choosingQuestions === true,
      newPassword: await replacingPassword(req, current),
    });
  }

  return {
    /** GET /profile/security-questions */
    edit: withUser(async (req, res, current) => {
      const questions = await questionsOf(deps.db, current.id);
      await render(req, res, current, { status: 200, questions: questions.map((q) => q.question_key) });
    }),

    /** POST /profile/security-questions — wrong current passwords count toward the sign-in lockout. */
    update: withUser(async (req, res, current) => {
      const firstSignIn = req.session.choosingQuestions === true;
      if (await replacingPassword(req, current)) {
        const form = parseFirstSignIn(req.body, current.email);
        if (!form.ok)
          return render(req, res, current, {
            status: 422,
            questions: chosenQuestions(req.body),
            answers: typedAnswers(req.body),
            errors: form.errors,
          });
        const done = await completeFirstSignIn(
          deps,
          current,
          {
            currentPassword: form.data.current_password,
            password: form.data.password,
            answers: answerPairs(form.data),
          },
          req.ip,
        );
        if (!done.ok)
          return render(req, res, current, {
            status: 422,
            questions: form.data.questions,
            answers: typedAnswers(req.body),
            errors: WRONG_CURRENT,
          });
        // This session carries the new version, so it is the one that stays signed in.
        req.session.userVersion = done.sessionVersion;
        delete req.session.choosingQuestions;
        return redirectWithFlash(req, res, '/', 'flash.first_sign_in_done');
      }

      const form = parseSecurityQuestions(req.body);
      if (!form.ok)
        return render(req, res, current, {
          status: 422,
          questions: chosenQuestions(req.body),
          answers: typedAnswers(req.body),
          errors: form.errors,
        });
      const saved = await changeSecurityQuestions(
        deps,
        current,
        { currentPassword: form.data.current_password, answers: answerPairs(form.data) },
        req.ip,
      );
      if (!saved)
        return render(req, res, current, {
          status: 422,
          questions: form.data.questions,
          answers: typedAnswers(req.body),
          errors: WRONG_CURRENT,
        });
      // A first sign-in is complete now: on to the account.
      delete req.session.choosingQuestions;
      return redirectWithFlash(req, res, firstSignIn ? '/' : '/profile', 'flash.questions_saved');
    }),
  };
}
