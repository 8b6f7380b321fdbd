import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { parseExistingLogin, parseRegistration } from '../../forms/auth/registration';
import { chosenQuestions } from '../../forms/auth/security-answers';
import { saveFormSession, setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { acceptInvitation, findInvitation, type InvitationDetails } from '../../models/invitations';
import { updatePassword } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { isEmailLocked, recordCredentialFailure } from '../../services/lockout';
import { hashSecret, verifySecret } from '../../services/passwords';
import { QUESTION_KEYS, saveAnswers } from '../../services/security-questions';
import { startSignedInSession } from '../../services/sign-in';

/** "Regístrate ahora": a new person sets a password and questions; someone with a login signs in. */
export function invitationsController({ db, clock }: AppDeps) {
  function renderForm(
    res: Response,
    status: number,
    invitation: InvitationDetails,
    token: string,
    errors: FieldErrors = {},
    questions: string[] = [],
  ) {
    res.status(status).render(invitation.registered ? 'auth/invitations/existing' : 'auth/invitations/register', {
      invitation,
      token,
      errors,
      questions,
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
      return renderForm(res, 200, found.invitation, req.params.token as string);
    },

    /** POST /invitations/:token */
    async update(req: Request, res: Response) {
      const token = req.params.token as string;
      const found = await findInvitation(db, token, clock());
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      const invitation = found.invitation;
      let passwordHash: string | null = null;
      let answers: { question: (typeof QUESTION_KEYS)[number]; answer: string }[] = [];

      if (invitation.registered) {
        const form = parseExistingLogin(req.body);
        if (!form.ok) return renderForm(res, 422, invitation, token, form.errors);
        const user = await db('users').where({ id: invitation.userId }).first('password_hash');
        const locked = await isEmailLocked(db, invitation.email);
        if (locked || !(await verifySecret(form.data.password, user?.password_hash))) {
          await recordCredentialFailure(db, invitation.email, req.ip);
          return renderForm(res, 422, invitation, token, { password: 'errors.invitation.password.wrong' });
        }
      } else {
        const form = parseRegistration(req.body, invitation.email);
        if (!form.ok) return renderForm(res, 422, invitation, token, form.errors, chosenQuestions(req.body));
        passwordHash = await hashSecret(form.data.password);
        answers = form.data.questions.map((question, i) => ({ question, answer: form.data.answers[i] }));
      }

      // Single use even when two tabs submit at once: the row is locked and checked again.
      const accepted = await db.transaction(async (trx) => {
        const again = await findInvitation(trx, token, clock(), true);
        if (again.state !== 'ok') return null;
        let sessionVersion = invitation.sessionVersion;
        if (passwordHash) {
          sessionVersion = await updatePassword(trx, invitation.userId, passwordHash);
          await saveAnswers(trx, invitation.userId, answers);
        }
        await acceptInvitation(trx, invitation, clock());
        await trx('contacts')
          .where({ account_id: invitation.accountId, user_id: invitation.userId })
          .update({ authorization_status: 'authorized' });
        await recordAudit(trx, {
          action: 'invitation.accepted',
          accountId: invitation.accountId,
          actorUserId: invitation.userId,
          targetType: 'membership',
          targetId: invitation.membershipId,
          ip: req.ip,
          metadata: { registered_now: passwordHash !== null },
        });
        return sessionVersion;
      });
      if (accepted === null) return renderUnusable(res, 'invalid');

      await startSignedInSession(
        db,
        req,
        { id: invitation.userId, email: invitation.email, session_version: accepted },
        invitation.accountId,
        'invitation',
      );
      setFlash(req, 'flash.invitation_accepted', { account: invitation.accountName });
      await saveSession(req);
      return res.redirect(303, '/');
    },
  };
}
