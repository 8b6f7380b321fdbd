import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { isLocale } from '../../i18n';
import { safeReturnPath } from '../../middleware/authorize';
import { NotFoundError } from '../../middleware/errors';
import { LOCALE_COOKIE } from '../../middleware/locals';

/** A preference kept in a cookie, so it works before signing in and costs no database write. */
export function languageController({ config }: AppDeps) {
  return {
    /** GET /language/:locale?next=/path */
    show(req: Request, res: Response) {
      const locale = req.params.locale;
      if (!isLocale(locale)) throw new NotFoundError();
      res.cookie(LOCALE_COOKIE, locale, {
        maxAge: 365 * 24 * 3600_000,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secure,
        path: '/',
      });
      res.redirect(303, safeReturnPath(req.query.next) ?? '/');
    },
  };
}
