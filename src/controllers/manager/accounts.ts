import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findManagedAccount } from '../../models/accounts';
import { allowedActions } from '../../policies/managed-accounts';
import type { MemberUser } from '../../current-user';
import { saveSession } from '../../middleware/session';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { detailLocals, listLocals } from './account-page';

/** The Accounts Manager: the accounts below the user's, on the left; the selected one on the right. */
export function managerAccountsController(deps: AppDeps) {
  const loadShown = async (current: MemberUser, idParam: unknown) => {
    const id = positiveId(idParam);
    const account = id === null ? undefined : await findManagedAccount(deps.db, current.account.id, id);
    if (!account || !allowedActions(current, account).view) throw new NotFoundError();
    return account;
  };

  return {
    /** GET /manager?q=&after=|before= */
    index: withMember(async (req, res, current) => {
      res.render('manager/accounts/index', await listLocals(deps, req, current, null));
    }),

    /** GET /manager/accounts/:id — another reseller's account (or any account not below the user's) is 404. */
    show: withMember(async (req, res, current) => {
      const account = await loadShown(current, req.params.id);
      res.render('manager/accounts/show', {
        ...(await listLocals(deps, req, current, account)),
        ...(await detailLocals(deps, current, account, { query: req.query })),
      });
    }),

    /**
     * GET /manager/accounts/:id/password — where «Crear cuenta» goes when it generated the owner's
     * password: the account's page with the password, the first time only; reloaded, it says the
     * password was shown. Never cached.
     */
    password: withMember(async (req, res, current) => {
      const account = await loadShown(current, req.params.id);
      const kept = req.session.newAccountPassword;
      if (kept?.accountId !== account.id) return res.redirect(303, `/manager/accounts/${account.id}`);
      if (kept.password !== null) {
        req.session.newAccountPassword = { accountId: account.id, password: null };
        await saveSession(req);
      }
      res.set('Cache-Control', 'no-store');
      res.render('manager/accounts/show', {
        ...(await listLocals(deps, req, current, account)),
        ...(await detailLocals(deps, current, account, { query: req.query })),
        generatedPassword: kept.password,
        passwordShown: kept.password === null,
      });
    }),
  };
}
