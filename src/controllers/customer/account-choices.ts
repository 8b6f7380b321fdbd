import type { AppDeps } from '../../app-deps';
import { parseAccountChoice } from '../../forms/auth/account-choice';
import { safeReturnPath } from '../../domain/return-path';
import { setFlash } from '../../middleware/locals';
import { activeMemberships } from '../../models/memberships';
import { switchAccount } from '../../services/sign-in';
import { withUser } from '../handlers';
import { signInSessionOf } from '../../middleware/sign-in-session';

/** "Cambiar de cuenta": pick which of one's accounts to work in. Blocked memberships are not offered. */
export function accountChoicesController({ db }: AppDeps) {
  return {
    /** GET /accounts/choose */
    index: withUser(async (req, res, current) => {
      const choices = await activeMemberships(db, current.id);
      res.render('customer/accounts/choose', { choices, next: safeReturnPath(req.query.next), errors: {} });
    }),

    /** POST /accounts/choose — only one of the user's own usable memberships can be chosen. */
    create: withUser(async (req, res, current) => {
      const { accountId, next } = parseAccountChoice(req.body);
      const choices = await activeMemberships(db, current.id);
      const choice = choices.find((c) => c.account_id === accountId);
      if (!choice)
        return res.status(422).render('customer/accounts/choose', {
          choices,
          next,
          errors: { account_id: 'errors.choose_account.account_id.invalid' },
        });
      setFlash(req, 'flash.account_switched', { name: choice.account_name });
      await switchAccount(db, signInSessionOf(req), current, choice);
      return res.redirect(303, next ?? '/');
    }),
  };
}
