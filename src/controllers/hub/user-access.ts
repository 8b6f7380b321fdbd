import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { parseResendInvitation, resendRefusal } from '../../forms/hub/resend-invitation';
import { assignedNumbersOf, type AccountUser } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { blockUser, sendPasswordReset, unblockUser } from '../../services/account-users';
import { resendInvitation } from '../../services/invitations';
import { withMember } from '../handlers';
import { redirectWithError, redirectWithFlash, saveAndRedirect } from '../respond';
import { loadTarget } from './load-target';

/** The user's page, where every action here lands with its flash. */
const userPage = (target: AccountUser) => `/users/${target.membership_id}`;

/** The ⋯ actions that are not edits: block, unblock, reset the password, resend the invitation. */
export function userAccessController(deps: AppDeps) {
  const { db } = deps;

  /** The user's page again, with the resend form's address and error. */
  async function showAgain(
    res: Response,
    current: MemberUser,
    target: AccountUser,
    status: 422,
    values: Record<string, string>,
    errors: FieldErrors,
  ) {
    res.status(status).render('hub/users/show', {
      user: target,
      actions: allowedActions(current, target),
      sessions: [], // the resend form is for people who have not registered: no sessions yet
      numbers: await assignedNumbersOf(db, target.membership_id),
      values,
      errors,
    });
  }

  const fullName = (target: AccountUser) => ({ name: `${target.first_name} ${target.last_name}` });

  return {
    /** POST /users/:id/block — their open session ends at its next request. */
    block: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canBlock');
      await blockUser(deps, current, target, req.ip);
      await redirectWithFlash(req, res, userPage(target), 'flash.user_blocked', fullName(target));
    }),

    /** POST /users/:id/unblock */
    unblock: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canUnblock');
      await unblockUser(deps, current, target, req.ip);
      await redirectWithFlash(req, res, userPage(target), 'flash.user_unblocked', fullName(target));
    }),

    /** POST /users/:id/reset-password — e-mails them a single-use link. */
    resetPassword: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canResetPassword');
      const sent = await sendPasswordReset(deps, current, target, req.ip);
      if (sent === 'refused')
        return redirectWithError(req, res, userPage(target), 'flash.reset_failed', { email: target.email });
      await redirectWithFlash(req, res, userPage(target), 'flash.reset_sent', { email: target.email });
    }),

    /** POST /users/:id/resend-invitation — optionally to a corrected address; the old link dies. */
    resendInvitation: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canResendInvitation');
      const form = parseResendInvitation(req.body, target.email);
      if (!form.ok) return showAgain(res, current, target, 422, form.values, form.errors);

      const { email } = form.data;
      const result = await resendInvitation(deps, current, target, email, req.ip);
      // Not sent (the mail server failed): nothing changed; back on the user's page (303, so a reload
      // sends nothing) with the address typed, to try again.
      if (!result.ok && result.error === 'send_failed') {
        req.session.resendFailed = { membershipId: target.membership_id, email };
        return saveAndRedirect(req, res, userPage(target));
      }
      // Refused: nothing changed; what they typed stays in the form with the reason.
      if (!result.ok) return showAgain(res, current, target, 422, { email }, resendRefusal(result.error));
      if (result.mail !== 'sent')
        return redirectWithFlash(req, res, userPage(target), 'flash.invitation_queued', { email });
      return redirectWithFlash(req, res, userPage(target), 'flash.invitation_resent', { email });
    }),
  };
}
