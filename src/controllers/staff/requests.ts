import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { parseLink, parseReject } from '../../forms/staff/request';
import { NotFoundError } from '../../domain/errors';
import { attachmentsOfInbound } from '../../models/attachments';
import { contactsOfSender, countHeldRequests, heldRequestsPage } from '../../models/helpdesk';
import { pageLinks } from '../../models/pagination';
import { findInbound, type InboundRow } from '../../models/inbound-messages';
import { fileUnverifiedRequest, linkSender, rejectRequest, senderMayBeTold } from '../../services/helpdesk';
import { withUser } from '../handlers';
import { cursorFrom } from '../params';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash } from '../respond';

/** Requests held from unknown or unverified senders: list them; look at one, tie the sender to an account, or reject it. */
export function heldRequestsController(deps: AppDeps) {
  const { db } = deps;

  async function load(req: Request): Promise<InboundRow> {
    const id = positiveId(req.params.id);
    const held = id === null ? undefined : await findInbound(db, id);
    if (!held) throw new NotFoundError();
    return held;
  }

  async function render(
    res: Response,
    held: InboundRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    const candidates = await contactsOfSender(db, held.from_email);
    const attachments = await attachmentsOfInbound(db, held.id);
    const tellsSender = senderMayBeTold(held);
    res.status(status).render('staff/request', { held, candidates, attachments, tellsSender, values, errors });
  }

  return {
    /** GET /staff/requests — every held mail, the oldest first, a page at a time. */
    index: withUser(async (req, res) => {
      const [page, waiting] = await Promise.all([heldRequestsPage(db, cursorFrom(req.query)), countHeldRequests(db)]);
      res.render('staff/requests', { held: page.rows, waiting, links: pageLinks('/staff/requests', page) });
    }),

    /** GET /staff/requests/:id */
    show: withUser(async (req, res) => {
      await render(res, await load(req));
    }),

    /** POST /staff/requests/:id/link — the sender says which account; they become an unverified contact there, to validate next. */
    link: withUser(async (req, res, current) => {
      const form = parseLink(req.body);
      const held = await load(req);
      if (!form.ok) return render(res, held, 422, form.values, form.errors);
      const result = await linkSender(deps, current, held, form.data.account, req.ip);
      if (!result.ok) return render(res, held, 422, { account: form.data.account }, result.errors);
      return res.redirect(303, `/staff/requests/${held.id}`);
    }),

    /** POST /staff/requests/:id/file — «Remitente no verificado», confirmed with the person by other means. */
    file: withUser(async (req, res, current) => {
      const held = await load(req);
      const filed = await fileUnverifiedRequest(deps, current, held, req.ip);
      if (filed)
        return redirectWithFlash(req, res, `/staff/tickets/${filed.ticketNumber}`, 'flash.request_filed', {
          number: filed.ticketNumber,
        });
      return redirectWithError(req, res, `/staff/requests/${held.id}`, 'flash.request_not_filed');
    }),

    /** POST /staff/requests/:id/reject — the sender is told an authorized person must ask, or add them. */
    reject: withUser(async (req, res, current) => {
      const form = parseReject(req.body);
      const held = await load(req);
      if (!form.ok) return render(res, held, 422, form.values, form.errors);
      const rejected = await rejectRequest(deps, current, held, form.data.note, { ip: req.ip });
      const key = rejected && !rejected.told ? 'flash.request_rejected_untold' : 'flash.request_rejected';
      return redirectWithFlash(req, res, '/staff', key, { email: held.from_email });
    }),
  };
}
