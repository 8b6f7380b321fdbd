import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { isLocale } from '../../i18n';
import { safeReturnPath } from '../../domain/return-path';
import { NotFoundError } from '../../domain/errors';
import { rememberLocale } from '../../middleware/locals';
import { saveLanguage } from '../../services/user-settings';

/**
 * The language link. A visitor's choice is kept in a cookie (it works before signing in); a signed-in
 * user's is stored on the user as well, for their pages everywhere and the e-mail written to them.
 */
export function languageController({ config, db }: AppDeps) {
  return {
    /** GET /language/:locale?next=/path */
    async show(req: Request, res: Response) {
      const locale = req.params.locale;
      if (!isLocale(locale)) throw new NotFoundError();
      if (req.current) await saveLanguage(db, req.current, locale);
      rememberLocale(res, locale, config.secure);
      res.redirect(303, safeReturnPath(req.query.next) ?? '/');
    },
  };
}
