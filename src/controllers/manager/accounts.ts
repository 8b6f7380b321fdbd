import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findManagedAccount } from '../../models/accounts';
import { allowedActions } from '../../policies/managed-accounts';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { detailLocals, listLocals } from './account-page';

/** The Accounts Manager: the accounts below the user's, on the left; the selected one on the right. */
export function managerAccountsController(deps: AppDeps) {
  return {
    /** GET /manager?q=&after=|before= */
    index: withMember(async (req, res, current) => {
      res.render('manager/accounts/index', await listLocals(deps, req, current, null));
    }),

    /** GET /manager/accounts/:id — another reseller's account (or any account not below the user's) is 404. */
    show: withMember(async (req, res, current) => {
      const id = positiveId(req.params.id);
      const account = id === null ? undefined : await findManagedAccount(deps.db, current.account.id, id);
      if (!account || !allowedActions(current, account).view) throw new NotFoundError();
      res.render('manager/accounts/show', {
        ...(await listLocals(deps, req, current, account)),
        ...(await detailLocals(deps, current, account, { query: req.query })),
      });
    }),
  };
}
