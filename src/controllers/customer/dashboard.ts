import type { AppDeps } from '../../app-deps';
import { COUNT_CAP, dashboardSummary } from '../../models/dashboard';
import { scopeOf } from '../../models/scope';
import { landingKey, MAIN_NAV } from '../../navigation';
import { managerRole } from '../../policies/managed-accounts';
import { withMember } from '../handlers';

export function dashboardController({ db }: AppDeps, served: (path: string) => boolean) {
  return {
    /** GET / — the user's default app, or the dashboard. */
    show: withMember(async (req, res, current) => {
      const chosen = MAIN_NAV.find((item) => item.key === landingKey(current));
      const managerChosen = chosen?.key === 'manager' && managerRole(current) !== null;
      // The helpdesk's home is its console, unless a platform admin chose the Accounts Manager.
      if (current.account.kind === 'platform' && served('/staff') && !managerChosen) return res.redirect(303, '/staff');
      if (
        chosen &&
        chosen.path !== '/' &&
        served(chosen.path) &&
        (!chosen.section || current.sections.has(chosen.section)) &&
        (!chosen.accountsManager || managerRole(current) !== null)
      ) {
        return res.redirect(303, chosen.path);
      }
      const summary = await dashboardSummary(db, scopeOf(current), current.sections);
      const capped = (n: number) =>
        n > COUNT_CAP ? `${COUNT_CAP.toLocaleString(req.locale === 'en' ? 'en-US' : 'es-MX')}+` : String(n);
      return res.render('customer/dashboard/show', { summary, capped });
    }),
  };
}
