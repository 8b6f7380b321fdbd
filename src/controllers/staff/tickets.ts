import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { parseForm, type FieldErrors } from '../../forms/form';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { requesterStatus } from '../../models/helpdesk';
import { STATUSES, findTicketByNumber, messagesOf, type TicketRow } from '../../models/tickets';
import { recordAudit } from '../../services/audit';
import { notifyTicket } from '../../services/ticket-mail';
import { addTicketMessage } from '../../services/tickets';

const replySchema = z.object({
  message: z
    .string({ error: 'errors.ticket.message.required' })
    .trim()
    .min(1, 'errors.ticket.message.required')
    .max(20000, 'errors.ticket.message.too_long'),
  internal: z
    .unknown()
    .optional()
    .transform((v) => v === '1'),
});

/** A ticket in the helpdesk console: who asks and whether they may, the conversation, reply, notes, status. */
export function staffTicketsController(deps: AppDeps) {
  const { db } = deps;
  async function load(req: Request): Promise<TicketRow> {
    const ticket = await findTicketByNumber(db, String(req.params.number));
    if (!ticket) throw new NotFoundError();
    return ticket;
  }
  async function render(
    res: Response,
    ticket: TicketRow,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    const account = await db('accounts').where({ id: ticket.account_id }).first('id', 'name', 'realm');
    res.status(status).render('staff/ticket', {
      ticket,
      account,
      requester: await requesterStatus(db, ticket.account_id, ticket.requester_email),
      messages: await messagesOf(db, ticket.id, true),
      statuses: STATUSES,
      values,
      errors,
    });
  }

  return {
    /** GET /staff/tickets/:number */
    async show(req: Request, res: Response) {
      await render(res, await load(req));
    },

    /** POST /staff/tickets/:number/reply — e-mailed with the CC rules, or an internal note nobody outside sees. */
    async reply(req: Request, res: Response) {
      const ticket = await load(req);
      const form = parseForm(replySchema, req.body, ['message']);
      if (!form.ok) return render(res, ticket, 422, form.values, form.errors);
      const me = req.current!;
      await addTicketMessage(
        deps,
        ticket,
        {
          userId: me.id,
          email: me.email,
          name: `${me.firstName} ${me.lastName}`.trim(),
          kind: 'staff',
          body: form.data.message,
          source: 'staff',
          internal: form.data.internal,
        },
        req.ip,
      );
      setFlash(req, form.data.internal ? 'flash.note_added' : 'flash.ticket_replied');
      await saveSession(req);
      return res.redirect(303, `/staff/tickets/${ticket.number}`);
    },

    /** POST /staff/tickets/:number/status */
    async status(req: Request, res: Response) {
      const ticket = await load(req);
      const status = String(req.body?.status ?? '');
      if (!(STATUSES as readonly string[]).includes(status))
        return render(res, ticket, 422, {}, { status: 'errors.staff.status.invalid' });
      await db.transaction(async (trx) => {
        await trx('tickets').where({ id: ticket.id }).update({ status, updated_at: trx.fn.now() });
        if (status === 'closed' && ticket.status !== 'closed') {
          await notifyTicket(deps, trx, ticket, 'closed', {
            body: '',
            authorEmail: req.current!.email,
            authorName: req.current!.firstName,
          });
        }
        await recordAudit(trx, {
          action: 'staff.ticket_status',
          accountId: ticket.account_id,
          actorUserId: req.current!.id,
          targetType: 'ticket',
          targetId: ticket.id,
          ip: req.ip,
          metadata: { from: ticket.status, to: status },
        });
      });
      setFlash(req, 'flash.status_changed');
      await saveSession(req);
      return res.redirect(303, `/staff/tickets/${ticket.number}`);
    },
  };
}
