import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseAccountSearch } from '../../forms/staff/search';
import { NotFoundError } from '../../domain/errors';
import { activityPage } from '../../models/activity';
import { findManagedAccount } from '../../models/accounts';
import { accountOverview, lookUpAccounts } from '../../models/helpdesk';
import { allowedActions } from '../../policies/managed-accounts';
import { memberUser } from '../../current-user';
import { positiveId } from '../../domain/ids';

/** Looking up accounts by name, realm, account number or any contact's e-mail, and their contacts' status. */
export function staffAccountsController({ db }: AppDeps) {
  return {
    /** GET /staff/accounts?q= */
    async index(req: Request, res: Response) {
      const q = parseAccountSearch(req.query);
      res.render('staff/accounts/index', { q, accounts: q ? await lookUpAccounts(db, q) : null });
    },

    /** GET /staff/accounts/:id */
    async show(req: Request, res: Response) {
      const id = positiveId(req.params.id);
      const overview = id === null ? undefined : await accountOverview(db, id);
      if (!overview) throw new NotFoundError();
      const activity = await activityPage(db, overview.account.id, null, true, 20);
      // Platform admins (not agents) open the account in the Accounts Manager: the policy decides.
      const current = memberUser(req);
      const managed = await findManagedAccount(db, current.account.id, overview.account.id);
      const managerPath = managed && allowedActions(current, managed).view ? `/manager/accounts/${managed.id}` : null;
      res.render('staff/accounts/show', { ...overview, events: activity.rows, managerPath });
    },
  };
}
