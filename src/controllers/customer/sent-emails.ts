import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { sentEmailsPage } from '../../models/sent-emails';

export function sentEmailsController({ db }: AppDeps) {
  return {
    /** GET /emails?before=<id> — e-mails sent to the account's people, newest first. */
    async index(req: Request, res: Response) {
      const raw = Number(req.query.before);
      const before = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
      const page = await sentEmailsPage(db, req.current!.account!.id, before);
      res.render('customer/emails/index', { emails: page.rows, nextBefore: page.nextBefore, firstPage: before === null });
    },
  };
}
