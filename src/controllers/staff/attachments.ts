import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findAttachment } from '../../models/attachments';
import { sendAttachment } from '../downloads';
import { withUser } from '../handlers';
import { positiveId } from '../../domain/ids';

/** Any kept file, for the helpdesk: on a ticket (internal notes too) or on a held request. */
export function staffAttachmentsController({ db }: AppDeps) {
  return {
    /** GET /staff/attachments/:attachmentId */
    show: withUser(async (req, res) => {
      const file = await findAttachment(db, positiveId(req.params.attachmentId) ?? 0);
      if (!file) throw new NotFoundError();
      sendAttachment(res, file);
    }),
  };
}
