import type { AppDeps } from '../../app-deps';
import { pageLinks } from '../../models/pagination';
import { sentEmailsPage } from '../../models/sent-emails';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';

/** Correos enviados: the history of e-mail sent to the account's people (permission `emails`). */
export function sentEmailsController({ db }: AppDeps) {
  return {
    /** GET /emails?after=<id> | ?before=<id> — newest first. */
    index: withMember(async (req, res, current) => {
      const page = await sentEmailsPage(db, current.account.id, cursorFrom(req.query));
      res.render('customer/emails/index', { emails: page.rows, links: pageLinks('/emails', page) });
    }),
  };
}
