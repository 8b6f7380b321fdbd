import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { emailField } from '../../forms/fields';
import { parseForm, type FieldErrors } from '../../forms/form';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { assignedNumbersOf } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { recordAudit } from '../../services/audit';
import { resendInvitation } from '../../services/invitations';
import { issuePasswordReset } from '../../services/password-resets';
import { loadTarget } from './load-target';

const resendSchema = z.object({ email: emailField('resend') });

/** The ⋯ actions that are not edits: block, unblock, reset the password, resend the invitation. */
export function userAccessController(deps: AppDeps) {
  const { db, mailer } = deps;

  async function setBlocked(req: Request, res: Response, blocked: boolean) {
    const current = req.current!;
    const target = await loadTarget(db, req, blocked ? 'canBlock' : 'canUnblock');
    await db.transaction(async (trx) => {
      await trx('memberships')
        .where({ id: target.membership_id })
        .update({
          blocked_at: blocked ? trx.fn.now() : null,
          blocked_by_user_id: blocked ? current.id : null,
          updated_at: trx.fn.now(),
        });
      await recordAudit(trx, {
        action: blocked ? 'user.blocked' : 'user.unblocked',
        accountId: target.account_id,
        actorUserId: current.id,
        targetType: 'membership',
        targetId: target.membership_id,
        ip: req.ip,
      });
    });
    setFlash(req, blocked ? 'flash.user_blocked' : 'flash.user_unblocked', {
      name: `${target.first_name} ${target.last_name}`,
    });
    await saveSession(req);
    res.redirect(303, `/users/${target.membership_id}`);
  }

  return {
    /** POST /users/:id/block — their open session ends at its next request. */
    block: (req: Request, res: Response) => setBlocked(req, res, true),

    /** POST /users/:id/unblock */
    unblock: (req: Request, res: Response) => setBlocked(req, res, false),

    /** POST /users/:id/reset-password — e-mails them a single-use link. */
    async resetPassword(req: Request, res: Response) {
      const current = req.current!;
      const target = await loadTarget(db, req, 'canResetPassword');
      await db.transaction(async (trx) => {
        const user = await trx('users').where({ id: target.user_id }).first('id', 'email', 'first_name', 'locale');
        await issuePasswordReset(deps, trx, user, req.ip);
        await recordAudit(trx, {
          action: 'user.password_reset_sent',
          accountId: target.account_id,
          actorUserId: current.id,
          targetType: 'membership',
          targetId: target.membership_id,
          ip: req.ip,
        });
      });
      setFlash(req, 'flash.reset_sent', { email: target.email });
      await saveSession(req);
      res.redirect(303, `/users/${target.membership_id}`);
    },

    /** POST /users/:id/resend-invitation — optionally to a corrected address; the old link dies. */
    async resendInvitation(req: Request, res: Response) {
      const current = req.current!;
      const target = await loadTarget(db, req, 'canResendInvitation');
      const form = parseForm(resendSchema, { email: req.body?.email ?? target.email }, ['email']);
      const show = async (status: number, values: Record<string, string>, errors: FieldErrors) =>
        res.status(status).render('hub/users/show', {
          user: target,
          actions: allowedActions(current, target),
          numbers: await assignedNumbersOf(db, target.membership_id),
          values,
          errors,
        });
      if (!form.ok) return show(422, form.values, form.errors);

      const result = await resendInvitation(deps, current, target, form.data.email, req.ip);
      if (!result.ok) return show(422, { email: form.data.email }, { email: `errors.resend.email.${result.error}` });
      if (!(await mailer.sendNow(result.outboxId))) {
        // The person is told at once; what they typed stays in the form so they can try again.
        return show(502, { email: form.data.email }, { email: 'errors.resend.email.send_failed' });
      }
      setFlash(req, 'flash.invitation_resent', { email: form.data.email });
      await saveSession(req);
      return res.redirect(303, `/users/${target.membership_id}`);
    },
  };
}
