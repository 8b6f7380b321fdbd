import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findTicketAttachment } from '../../models/attachments';
import { scopeOf } from '../../models/scope';
import { findVisibleTicket } from '../../models/tickets';
import { sendAttachment } from '../downloads';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';

/** The files on a ticket, for who may see the ticket (the same scope as its page). */
export function ticketAttachmentsController({ db }: AppDeps) {
  return {
    /** GET /tickets/:number/attachments/:attachmentId — another account's, or outside the user's numbers, is not found. */
    show: withMember(async (req, res, current) => {
      const ticket = await findVisibleTicket(db, scopeOf(current), String(req.params.number));
      const file =
        ticket && (await findTicketAttachment(db, ticket.id, positiveId(req.params.attachmentId) ?? 0, false));
      if (!file) throw new NotFoundError();
      sendAttachment(res, file);
    }),
  };
}
