import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import { parseProfile } from '../../forms/customer/profile';
import { LOCALES } from '../../i18n';
import { rememberLocale } from '../../middleware/locals';
import { landingKey, MAIN_NAV, visibleItems } from '../../navigation';
import { saveProfile } from '../../services/user-settings';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';

/** Mi perfil / Configuración: the user identifiers of the seed (name, department, employee number), language, landing page. */
export function profileController({ db, config }: AppDeps, served: (path: string) => boolean) {
  /** Pages this user may land on after signing in, in the current account. */
  const landingChoices = (current: CurrentUser) =>
    current.account ? visibleItems(MAIN_NAV, current, served).map((i) => i.key) : [];

  return {
    /** GET /profile */
    show: withUser((_req, res, current) => {
      res.render('customer/profile/show', {
        values: {
          first_name: current.firstName,
          last_name: current.lastName,
          department: current.department,
          employee_number: current.employeeNumber,
          locale: current.locale,
          default_app: landingKey(current),
        },
        landingChoices: landingChoices(current),
        locales: LOCALES,
      });
    }),

    /** POST /profile */
    update: withUser(async (req, res, current) => {
      const choices = landingChoices(current);
      const form = parseProfile(req.body, current.membership ? choices : null);
      if (!form.ok)
        return res.status(422).render('customer/profile/show', {
          values: form.values,
          errors: form.errors,
          landingChoices: choices,
          locales: LOCALES,
        });
      await saveProfile(db, current, form.data, req.ip);
      if (form.data.locale) rememberLocale(res, form.data.locale, config.secure);
      return redirectWithFlash(req, res, '/profile', 'flash.profile_saved');
    }),
  };
}
