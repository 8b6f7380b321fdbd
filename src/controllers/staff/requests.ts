import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { parseForm, type FieldErrors } from '../../forms/form';
import { textField } from '../../forms/fields';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { recordAudit } from '../../services/audit';
import { positiveId } from '../params';

const linkSchema = z.object({
  account: z
    .string({ error: 'errors.staff.account.required' })
    .trim()
    .min(1, 'errors.staff.account.required')
    .max(63, 'errors.staff.account.unknown'),
});
const rejectSchema = z.object({ note: textField('staff', 'note', { required: false, max: 500 }) });

/** A request held from an unknown or unverified sender: look at it, tie the sender to an account, or reject it. */
export function heldRequestsController({ db, mailer }: AppDeps) {
  async function load(req: Request) {
    const id = positiveId(req.params.id);
    const held = id ? await db('inbound_messages').where({ id }).first() : undefined;
    if (!held) throw new NotFoundError();
    return held;
  }
  async function render(
    res: Response,
    held: Record<string, unknown>,
    status = 200,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    const candidates = await db('contacts as c')
      .join('accounts as a', 'a.id', 'c.account_id')
      .where('c.email', held.from_email as string)
      .select(
        'c.id',
        'c.first_name',
        'c.last_name',
        'c.authorization_status',
        'c.validation_note',
        'a.id as account_id',
        'a.name as account_name',
        'a.realm',
      );
    res.status(status).render('staff/request', { held, candidates, values, errors });
  }

  return {
    /** GET /staff/requests/:id */
    async show(req: Request, res: Response) {
      await render(res, await load(req));
    },

    /** POST /staff/requests/:id/link — the sender says which account; they become an unverified contact there, to validate next. */
    async link(req: Request, res: Response) {
      const held = await load(req);
      const form = parseForm(linkSchema, req.body, ['account']);
      if (!form.ok) return render(res, held, 422, form.values, form.errors);
      const term = form.data.account.toLowerCase();
      const account = await db('accounts')
        .where({ kind: 'customer' })
        .where((w) => {
          void w.where('realm', term).orWhereIn('id', db('account_numbers').select('account_id').where('number', term));
        })
        .first('id');
      if (!account)
        return render(res, held, 422, { account: form.data.account }, { account: 'errors.staff.account.unknown' });
      const [first, ...rest] = (held.from_name || held.from_email.split('@')[0]).split(/\s+/);
      await db('contacts')
        .insert({
          account_id: account.id,
          first_name: first || held.from_email,
          last_name: rest.join(' ') || '—',
          email: held.from_email,
          authorization_status: 'unverified',
        })
        .onConflict(['account_id', 'email'])
        .ignore();
      await recordAudit(db, {
        action: 'staff.request_linked',
        accountId: account.id,
        actorUserId: req.current!.id,
        targetType: 'inbound_message',
        targetId: held.id,
        ip: req.ip,
      });
      return res.redirect(303, `/staff/requests/${held.id}`);
    },

    /** POST /staff/requests/:id/reject — the sender is told an authorized person must ask, or add them. */
    async reject(req: Request, res: Response) {
      const held = await load(req);
      const form = parseForm(rejectSchema, req.body, ['note']);
      if (!form.ok) return render(res, held, 422, form.values, form.errors);
      await db.transaction(async (trx) => {
        await trx('inbound_messages')
          .where({ id: held.id, status: 'held' })
          .update({ status: 'rejected', resolved_by_user_id: req.current!.id, resolved_at: trx.fn.now() });
        await trx('contacts').where({ email: held.from_email, authorization_status: 'unverified' }).update({
          authorization_status: 'rejected',
          validated_by_user_id: req.current!.id,
          validated_at: trx.fn.now(),
          validation_note: form.data.note,
        });
        await mailer.enqueue(
          {
            accountId: held.account_id,
            category: 'support',
            template: 'request_rejected',
            to: [held.from_email],
            inReplyTo: held.message_id,
            subject: req.t('mail.request_rejected.subject', { subject: held.subject || '—' }),
            text: req.t('mail.request_rejected.body', { subject: held.subject || '—' }),
          },
          trx,
        );
        await recordAudit(trx, {
          action: 'staff.request_rejected',
          accountId: held.account_id,
          actorUserId: req.current!.id,
          targetType: 'inbound_message',
          targetId: held.id,
          ip: req.ip,
          metadata: { email: held.from_email, note: form.data.note },
        });
      });
      setFlash(req, 'flash.request_rejected', { email: held.from_email });
      await saveSession(req);
      return res.redirect(303, '/staff');
    },
  };
}
