import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { parseInvitationAcceptance } from '../../forms/auth/registration';
import { chosenQuestions, typedAnswers } from '../../forms/auth/security-answers';
import { saveFormSession, speakRecipientLanguage } from '../../middleware/locals';
import { signInSessionOf } from '../../middleware/sign-in-session';
import { findInvitation, type InvitationDetails } from '../../models/invitations';
import { acceptInvitationAndSignIn } from '../../services/registration';
import { QUESTION_KEYS } from '../../domain/security-questions';
import { secondStepPath } from './two-factor';
import { redirectWithFlash } from '../respond';

/** "Regístrate ahora": a new person sets a password and questions; someone with a login signs in. */
export function invitationsController(deps: AppDeps) {
  const { db, clock } = deps;

  function renderForm(
    req: Request,
    res: Response,
    status: number,
    invitation: InvitationDetails,
    token: string,
    errors: FieldErrors = {},
    questions: string[] = [],
    answers: string[] = [],
  ) {
    speakRecipientLanguage(deps.i18n, req, res, invitation.locale);
    res.status(status).render(invitation.registered ? 'auth/invitations/existing' : 'auth/invitations/register', {
      invitation,
      token,
      errors,
      questions,
      answers,
      questionKeys: QUESTION_KEYS,
    });
  }

  function renderUnusable(res: Response, state: 'invalid' | 'expired') {
    res.status(state === 'expired' ? 410 : 404).render('auth/invitations/unusable', { state });
  }

  return {
    /** GET /invitations/:token */
    async show(req: Request, res: Response) {
      const found = await findInvitation(db, req.params.token, clock());
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      await saveFormSession(req, res);
      return renderForm(req, res, 200, found.invitation, req.params.token as string);
    },

    /** POST /invitations/:token */
    async update(req: Request, res: Response) {
      const token = req.params.token as string;
      const found = await findInvitation(db, token, clock());
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      const invitation = found.invitation;
      const form = parseInvitationAcceptance(req.body, invitation);
      // Everything typed stays but the passwords: the questions chosen and their answers.
      if (!form.ok)
        return renderForm(
          req,
          res,
          422,
          invitation,
          token,
          form.errors,
          chosenQuestions(req.body),
          typedAnswers(req.body),
        );

      const result = await acceptInvitationAndSignIn(deps, signInSessionOf(req), token, invitation, form.data);
      if (result === 'wrong_password')
        return renderForm(req, res, 422, invitation, token, { password: 'errors.invitation.password.wrong' });
      if (result === 'unusable') return renderUnusable(res, 'invalid');
      return redirectWithFlash(
        req,
        res,
        result === 'second_factor' ? secondStepPath(null) : '/',
        'flash.invitation_accepted',
        { account: invitation.accountName },
      );
    },
  };
}
