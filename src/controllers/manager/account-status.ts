import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { userActor } from '../../domain/actor';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { openChildren, type ManagedAccount } from '../../models/accounts';
import { peopleWithAccess } from '../../models/memberships';
import { closeManagedAccount, reactivateManagedAccount, suspendManagedAccount } from '../../services/accounts/status';
import { withMember } from '../handlers';
import { redirectWithFlash } from '../respond';
import { accountPath, loadManaged, managedPageLocals } from './load-managed';

/** Suspender and Cerrar cuenta (each asked first on its own page), and Reactivar (one button). */
export function accountStatusController(deps: AppDeps) {
  async function renderClose(
    req: Request,
    res: Response,
    current: MemberUser,
    account: ManagedAccount,
    status: number,
    errors: FieldErrors = {},
  ) {
    res.status(status).render('manager/accounts/close', {
      ...(await managedPageLocals(deps, req, current, account)),
      openChildren: await openChildren(deps.db, account.id),
      errors,
    });
  }

  return {
    /** GET /manager/accounts/:id/suspend — who will lose access, and the button (as closing asks first). */
    confirmSuspend: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'suspend');
      res.render('manager/accounts/suspend', {
        ...(await managedPageLocals(deps, req, current, account)),
        people: await peopleWithAccess(deps.db, account.id),
      });
    }),

    /** POST /manager/accounts/:id/suspend — its users cannot sign in to it until it is reactivated. */
    suspend: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'suspend');
      await suspendManagedAccount(deps, userActor(current.id), account, req.ip);
      return redirectWithFlash(req, res, accountPath(account), 'manager.flash.suspended', { name: account.name });
    }),

    /** POST /manager/accounts/:id/reactivate */
    reactivate: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'reactivate');
      await reactivateManagedAccount(deps, userActor(current.id), account, req.ip);
      return redirectWithFlash(req, res, accountPath(account), 'manager.flash.reactivated', { name: account.name });
    }),

    /** GET /manager/accounts/:id/close — what closing means, and the button. */
    confirmClose: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'close');
      await renderClose(req, res, current, account, 200);
    }),

    /** POST /manager/accounts/:id/close */
    close: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'close');
      const result = await closeManagedAccount(deps, userActor(current.id), account, req.ip);
      if (!result.ok && result.reason === 'open_children')
        return renderClose(req, res, current, account, 422, {
          base: { key: 'errors.manager.close.open_children', params: { count: String(result.n) } },
        });
      return redirectWithFlash(req, res, accountPath(account), 'manager.flash.closed', { name: account.name });
    }),
  };
}
