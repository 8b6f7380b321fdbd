import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { safeReturnPath } from '../../middleware/authorize';
import { saveSession } from '../../middleware/session';
import { setFlash } from '../../middleware/locals';
import { activeMemberships } from '../../models/memberships';
import { recordAudit } from '../../services/audit';

/** "Cambiar de cuenta": pick which of one's accounts to work in. Blocked memberships are not offered. */
export function accountChoicesController({ db }: AppDeps) {
  return {
    /** GET /accounts/choose */
    async index(req: Request, res: Response) {
      const choices = await activeMemberships(db, req.current!.id);
      res.render('customer/accounts/choose', { choices, next: safeReturnPath(req.query.next), errors: {} });
    },

    /** POST /accounts/choose */
    async create(req: Request, res: Response) {
      const current = req.current!;
      const choices = await activeMemberships(db, current.id);
      const wanted = Number(req.body?.account_id);
      const choice = choices.find((c) => c.account_id === wanted);
      const next = safeReturnPath(req.body?.next);
      if (!choice) {
        return res.status(422).render('customer/accounts/choose', {
          choices,
          next,
          errors: { account_id: 'errors.choose_account.account_id.invalid' },
        });
      }
      req.session.accountId = choice.account_id;
      setFlash(req, 'flash.account_switched', { name: choice.account_name });
      await saveSession(req);
      await recordAudit(db, {
        action: 'auth.account_switched',
        actorUserId: current.id,
        accountId: choice.account_id,
        ip: req.ip,
      });
      return res.redirect(303, next ?? '/');
    },
  };
}
