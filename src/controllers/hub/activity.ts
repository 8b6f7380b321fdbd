import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { activityPage } from '../../models/activity';

/** Actividad de la cuenta: who did what, for the owner and admins. */
export function activityController({ db }: AppDeps) {
  return {
    /** GET /activity?before=<id> */
    async index(req: Request, res: Response) {
      const raw = Number(req.query.before);
      const before = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
      const page = await activityPage(db, req.current!.account!.id, before, false);
      res.render('hub/activity/index', { events: page.rows, nextBefore: page.nextBefore, firstPage: before === null });
    },
  };
}
