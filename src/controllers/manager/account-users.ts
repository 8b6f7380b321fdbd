import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { userActor } from '../../domain/actor';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { managedUserRefusal, parseManagedUser } from '../../forms/manager/managed-user';
import { textValues } from '../../forms/form';
import { ForbiddenError } from '../../domain/errors';
import { ownerOf, type ManagedAccount } from '../../models/accounts';
import { inviteToManagedAccount } from '../../services/accounts/users';
import { withMember } from '../handlers';
import { answerInvitation } from '../respond';
import { accountPath, loadManaged, managedPageLocals } from './load-managed';

/** Inviting someone to an account below the user's (its first admin, another admin, a reseller's partner). */
export function accountUsersController(deps: AppDeps) {
  async function render(
    req: Request,
    res: Response,
    current: MemberUser,
    account: ManagedAccount,
    view: { status: number; values: Record<string, string>; errors: FieldErrors },
  ) {
    res.status(view.status).render('manager/accounts/invite', {
      ...(await managedPageLocals(deps, req, current, account)),
      hasOwner: Boolean(await ownerOf(deps.db, account.id)),
      values: view.values,
      errors: view.errors,
    });
  }

  return {
    /** GET /manager/accounts/:id/users/new */
    new: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'users');
      await render(req, res, current, account, { status: 200, values: {}, errors: {} });
    }),

    /** POST /manager/accounts/:id/users/new — `first_name`, `last_name`, `email`, `title` */
    create: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'users');
      const form = parseManagedUser(req.body);
      if (!form.ok) return render(req, res, current, account, { status: 422, ...form });

      const result = await inviteToManagedAccount(
        deps,
        userActor(current.id),
        account,
        { ...form.data, locale: current.locale },
        req.ip,
      );
      if (!result.ok) {
        // The page names no role, so only the API can ask for an owner the account already has.
        if (result.error === 'closed' || result.error === 'owner_exists') throw new ForbiddenError();
        return render(req, res, current, account, {
          status: 422,
          values: textValues(form.data),
          errors: managedUserRefusal(result.error),
        });
      }
      return answerInvitation(req, res, accountPath(account, 'users-title'), result.mail, form.data.email);
    }),
  };
}
