import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { parseResendInvitation, resendRefusal } from '../../forms/hub/resend-invitation';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { assignedNumbersOf, type AccountUser } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { blockUser, sendPasswordReset, unblockUser } from '../../services/account-users';
import { resendInvitation } from '../../services/invitations';
import { withMember } from '../handlers';
import { loadTarget } from './load-target';

/** The ⋯ actions that are not edits: block, unblock, reset the password, resend the invitation. */
export function userAccessController(deps: AppDeps) {
  const { db } = deps;

  /** Back to the user's page with a flash. */
  async function done(req: Request, res: Response, target: AccountUser, flash: string, params: Record<string, string>) {
    setFlash(req, flash, params);
    await saveSession(req);
    res.redirect(303, `/users/${target.membership_id}`);
  }

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
      await done(req, res, target, 'flash.user_blocked', fullName(target));
    }),

    /** POST /users/:id/unblock */
    unblock: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canUnblock');
      await unblockUser(deps, current, target, req.ip);
      await done(req, res, target, 'flash.user_unblocked', fullName(target));
    }),

    /** POST /users/:id/reset-password — e-mails them a single-use link. */
    resetPassword: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canResetPassword');
      await sendPasswordReset(deps, current, target, req.ip);
      await done(req, res, target, 'flash.reset_sent', { email: target.email });
    }),

    /** POST /users/:id/resend-invitation — optionally to a corrected address; the old link dies. */
    resendInvitation: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canResendInvitation');
      const form = parseResendInvitation(req.body, target.email);
      if (!form.ok) return showAgain(res, current, target, 422, form.values, form.errors);

      const { email } = form.data;
      const result = await resendInvitation(deps, current, target, email, req.ip);
      // Refused or not sent: nothing changed; what they typed stays in the form so they can try again.
      if (!result.ok) return showAgain(res, current, target, 422, { email }, resendRefusal(result.error));
      return done(req, res, target, 'flash.invitation_resent', { email });
    }),
  };
}
