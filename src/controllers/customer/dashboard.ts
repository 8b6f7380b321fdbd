import type { AppDeps } from '../../app-deps';
import { COUNT_CAP, dashboardSummary } from '../../models/dashboard';
import { scopeOf } from '../../models/scope';
import { saveSession } from '../../middleware/session';
import { landingKey, MAIN_NAV } from '../../navigation';
import { managerRole } from '../../policies/managed-accounts';
import { withMember } from '../handlers';

export function dashboardController({ db }: AppDeps, served: (path: string) => boolean) {
  return {
    /** GET / — «Inicio», the dashboard; right after signing in, the user's default app instead. */
    show: withMember(async (req, res, current) => {
      // Right after signing in, the user's default app (a partner's is the Accounts Manager); from then
      // on «Inicio» is the dashboard.
      if (req.session.landing) {
        delete req.session.landing;
        await saveSession(req);
        const chosen = MAIN_NAV.find((item) => item.key === landingKey(current));
        if (
          chosen &&
          chosen.path !== '/' &&
          served(chosen.path) &&
          (!chosen.section || current.sections.has(chosen.section)) &&
          (!chosen.accountsManager || managerRole(current) !== null)
        )
          return res.redirect(303, chosen.path);
      }
      // The helpdesk's home is its console.
      if (current.account.kind === 'platform' && served('/staff')) return res.redirect(303, '/staff');
      const summary = await dashboardSummary(db, scopeOf(current), current.sections);
      const capped = (n: number) =>
        n > COUNT_CAP ? `${COUNT_CAP.toLocaleString(req.locale === 'en' ? 'en-US' : 'es-MX')}+` : String(n);
      return res.render('customer/dashboard/show', { summary, capped });
    }),
  };
}
