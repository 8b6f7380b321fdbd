import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { sentEmailsPage } from '../../models/sent-emails';
import { positiveId } from '../params';

export function sentEmailsController({ db }: AppDeps) {
  return {
    /** GET /emails?before=<id> — e-mails sent to the account's people, newest first. */
    async index(req: Request, res: Response) {
      const before = positiveId(req.query.before);
      const page = await sentEmailsPage(db, req.current!.account!.id, before);
      res.render('customer/emails/index', {
        emails: page.rows,
        nextBefore: page.nextBefore,
        firstPage: before === null,
      });
    },
  };
}
