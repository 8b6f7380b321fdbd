import type { AppDeps } from '../../app-deps';
import { activityPage } from '../../models/activity';
import { pageLinks } from '../../models/pagination';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';

/** Actividad de la cuenta: who did what, for the owner and admins. */
export function activityController({ db }: AppDeps) {
  return {
    /** GET /activity?after=<id> (older) or ?before=<id> (newer), newest first */
    index: withMember(async (req, res, current) => {
      const page = await activityPage(db, current.account.id, cursorFrom(req.query), false);
      res.render('hub/activity/index', { events: page.rows, links: pageLinks('/activity', page) });
    }),
  };
}
