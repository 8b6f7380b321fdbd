import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { countryOptions } from '../../countries';
import { COMPANY_FIELDS, parseCompany } from '../../forms/customer/company';
import type { FieldErrors } from '../../forms/form';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { recordAudit } from '../../services/audit';

/** Perfil de la empresa (permission `profile`). */
export function companyController({ db }: AppDeps) {
  const render = (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) => res.status(status).render('customer/company/show', { values, errors, countries: countryOptions(req.locale) });

  return {
    /** GET /company */
    async show(req: Request, res: Response) {
      const account = await db('accounts')
        .where({ id: req.current!.account!.id })
        .first(...COMPANY_FIELDS);
      render(req, res, 200, { ...account, country: account.country ?? '' });
    },

    /** POST /company */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const form = parseCompany(req.body);
      if (!form.ok) return render(req, res, 422, form.values, form.errors);
      await db.transaction(async (trx) => {
        await trx('accounts')
          .where({ id: current.account!.id })
          .update({ ...form.data, updated_at: trx.fn.now() });
        await recordAudit(trx, {
          action: 'company.updated',
          accountId: current.account!.id,
          actorUserId: current.id,
          targetType: 'account',
          targetId: current.account!.id,
          ip: req.ip,
        });
      });
      setFlash(req, 'flash.company_saved');
      await saveSession(req);
      return res.redirect(303, '/company');
    },
  };
}
