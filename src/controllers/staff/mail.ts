import type { AppDeps } from '../../app-deps';
import { DELAYED_AFTER_SECONDS } from '../../mail/outbox';
import { NotFoundError } from '../../domain/errors';
import { findOutboxMessage, troubledMessagesPage } from '../../models/mail-outbox';
import { pageLinks } from '../../models/pagination';
import { resendMail } from '../../services/mail-console';
import { withUser } from '../handlers';
import { cursorFrom } from '../params';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash } from '../respond';

/** Correo con problemas: mail that failed or is long delayed, oldest first, with «Reenviar». */
export function staffMailController(deps: AppDeps) {
  const { db } = deps;
  return {
    /** GET /staff/mail?after=<id> | ?before=<id> */
    index: withUser(async (req, res) => {
      const delayedBefore = new Date(deps.clock().getTime() - DELAYED_AFTER_SECONDS * 1000);
      const page = await troubledMessagesPage(db, delayedBefore, cursorFrom(req.query));
      res.render('staff/mail', { messages: page.rows, links: pageLinks('/staff/mail', page) });
    }),

    /** POST /staff/mail/:id/resend */
    resend: withUser(async (req, res, current) => {
      const id = positiveId(req.params.id);
      const message = id === null ? undefined : await findOutboxMessage(db, id);
      if (!message) throw new NotFoundError();
      const requeued = await resendMail(deps, current, message, req.ip);
      if (requeued)
        await redirectWithFlash(req, res, '/staff/mail', 'flash.mail_requeued', {
          to: message.to_addresses.join(', '),
        });
      else await redirectWithError(req, res, '/staff/mail', 'flash.mail_not_requeued');
    }),
  };
}
