import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { GRANTABLE, parseEditUser } from '../../forms/hub/user';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { emailChangedMail } from '../../mail/messages';
import type { AccountUser } from '../../models/account-users';
import { accountUserPolicy } from '../../policies/account-users';
import { recordAudit } from '../../services/audit';
import { loadTarget } from './load-target';

/** Editar detalles: name, e-mail, department, title, role and a member's permissions. */
export function userDetailsController({ db, mailer, i18n }: AppDeps) {
  function render(
    req: Request,
    res: Response,
    status: number,
    target: AccountUser,
    values: Record<string, string>,
    permissions: string[],
    errors = {},
  ) {
    res.status(status).render('hub/users/edit', {
      user: target,
      values,
      permissions,
      errors,
      grantable: GRANTABLE.filter((s) => req.current!.sections.has(s)),
      canChangeRole: accountUserPolicy.canChangeRole(req.current!, target),
      canChangeEmail: accountUserPolicy.canChangeEmail(req.current!, target),
    });
  }

  return {
    /** GET /users/:id/edit */
    async edit(req: Request, res: Response) {
      const target = await loadTarget(db, req, 'canEditDetails');
      const { first_name, last_name, email, department, title, role } = target;
      render(req, res, 200, target, { first_name, last_name, email, department, title, role }, target.permissions);
    },

    /** POST /users/:id/edit */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const target = await loadTarget(db, req, 'canEditDetails');
      const form = parseEditUser(req.body);
      if (!form.ok) return render(req, res, 422, target, form.values, form.permissions, form.errors);
      const { data } = form;
      const values = {
        first_name: data.first_name,
        last_name: data.last_name,
        email: data.email,
        department: data.department,
        title: data.title,
        role: data.role ?? target.role,
      };
      // Fields the person may not change are kept as they are, whatever the form sent.
      const role = accountUserPolicy.canChangeRole(current, target) && data.role ? data.role : target.role;
      const emailChanged = data.email !== target.email;
      if (emailChanged && !accountUserPolicy.canChangeEmail(current, target)) {
        return render(req, res, 422, target, values, data.permissions, { email: 'errors.user.email.shared' });
      }
      if (
        emailChanged &&
        (await db('users').where({ email: data.email }).whereNot({ id: target.user_id }).first('id'))
      ) {
        return render(req, res, 422, target, values, data.permissions, { email: 'errors.user.email.taken' });
      }
      const permissions = role === 'member' ? data.permissions.filter((p) => current.sections.has(p)) : [];

      await db.transaction(async (trx) => {
        await trx('users').where({ id: target.user_id }).update({
          first_name: data.first_name,
          last_name: data.last_name,
          department: data.department,
          email: data.email,
          updated_at: trx.fn.now(),
        });
        await trx('memberships')
          .where({ id: target.membership_id })
          .update({
            title: data.title,
            role,
            permissions,
            ...(role !== 'member' ? { account_scope: 'all' } : {}),
            updated_at: trx.fn.now(),
          });
        await trx('contacts').where({ account_id: target.account_id, user_id: target.user_id }).update({
          first_name: data.first_name,
          last_name: data.last_name,
          email: data.email,
          updated_at: trx.fn.now(),
        });
        if (emailChanged) {
          // Links already sent went to the old address: none of them may open this login any more.
          await trx('invitations')
            .where({ membership_id: target.membership_id })
            .whereNull('used_at')
            .whereNull('revoked_at')
            .update({ revoked_at: trx.fn.now() });
          await trx('password_resets')
            .where({ user_id: target.user_id })
            .whereNull('used_at')
            .whereNull('revoked_at')
            .update({ revoked_at: trx.fn.now() });
        }
        if (emailChanged && target.registered) {
          const user = await trx('users').where({ id: target.user_id }).first('locale');
          await mailer.enqueue(
            emailChangedMail(
              i18n.getFixedT(user.locale),
              { email: target.email, firstName: data.first_name },
              data.email,
            ),
            trx,
          );
        }
        await recordAudit(trx, {
          action: 'user.updated',
          accountId: target.account_id,
          actorUserId: current.id,
          targetType: 'membership',
          targetId: target.membership_id,
          ip: req.ip,
          metadata: {
            email_changed: emailChanged,
            role_from: target.role,
            role_to: role,
            permissions: permissions.join(','),
          },
        });
      });
      const pendingInvitation = emailChanged && target.status === 'invited';
      setFlash(req, pendingInvitation ? 'flash.user_updated_resend' : 'flash.user_updated', {
        name: `${data.first_name} ${data.last_name}`,
      });
      await saveSession(req);
      return res.redirect(303, `/users/${target.membership_id}`);
    },
  };
}
