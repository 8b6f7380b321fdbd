import type { Response } from 'express';
import { grantableBy } from '../../domain/permissions';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { editUserRefusal, editUserValues, parseEditUser } from '../../forms/hub/user';
import type { AccountUser } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { updateUserDetails } from '../../services/account-users';
import { withMember } from '../handlers';
import { loadTarget } from './load-target';
import { redirectWithFlash } from '../respond';

/** Editar detalles: name, e-mail, department, title, role and a member's permissions. */
export function userDetailsController(deps: AppDeps) {
  const { db } = deps;

  function render(
    res: Response,
    current: MemberUser,
    status: number,
    target: AccountUser,
    values: Record<string, string>,
    permissions: string[],
    errors: FieldErrors = {},
  ) {
    res.status(status).render('hub/users/edit', {
      user: target,
      actions: allowedActions(current, target),
      values,
      permissions,
      errors,
      grantable: grantableBy(current),
    });
  }

  return {
    /** GET /users/:id/edit */
    edit: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canEditDetails');
      const { first_name, last_name, email, department, title, role } = target;
      const values = { first_name, last_name, email, department, title, role };
      render(res, current, 200, target, values, target.permissions);
    }),

    /** POST /users/:id/edit */
    update: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canEditDetails');
      const form = parseEditUser(req.body);
      if (!form.ok) return render(res, current, 422, target, form.values, form.permissions, form.errors);

      const result = await updateUserDetails(deps, current, target, form.data, req.ip);
      if (!result.ok) {
        const values = editUserValues(form.data, target.role);
        return render(res, current, 422, target, values, form.data.permissions, editUserRefusal(result.error));
      }
      return redirectWithFlash(
        req,
        res,
        `/users/${target.membership_id}`,
        result.pendingInvitation ? 'flash.user_updated_resend' : 'flash.user_updated',
        {
          name: `${form.data.first_name} ${form.data.last_name}`,
        },
      );
    }),
  };
}
