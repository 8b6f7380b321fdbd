import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { countryOptions } from '../../domain/countries';
import { parseCompany } from '../../forms/customer/company';
import type { FieldErrors } from '../../forms/form';
import { companyProfile } from '../../models/accounts-profile';
import { updateCompany } from '../../services/company';
import { withMember } from '../handlers';
import { redirectWithFlash } from '../respond';

/** Perfil de la empresa (permission `profile`). */
export function companyController(deps: AppDeps) {
  const render = (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) => res.status(status).render('customer/company/show', { values, errors, countries: countryOptions(req.locale) });

  return {
    /** GET /company */
    show: withMember(async (req, res, current) => {
      const profile = await companyProfile(deps.db, current.account.id);
      render(req, res, 200, { ...profile, country: profile.country ?? '' });
    }),

    /** POST /company */
    update: withMember(async (req, res, current) => {
      const form = parseCompany(req.body);
      if (!form.ok) return render(req, res, 422, form.values, form.errors);
      await updateCompany(deps, current, form.data, req.ip);
      return redirectWithFlash(req, res, '/company', 'flash.company_saved');
    }),
  };
}
