import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { activityPage } from '../../models/activity';
import { positiveId } from '../params';

/** Actividad de la cuenta: who did what, for the owner and admins. */
export function activityController({ db }: AppDeps) {
  return {
    /** GET /activity?before=<id> */
    async index(req: Request, res: Response) {
      const before = positiveId(req.query.before);
      const page = await activityPage(db, req.current!.account!.id, before, false);
      res.render('hub/activity/index', { events: page.rows, nextBefore: page.nextBefore, firstPage: before === null });
    },
  };
}
