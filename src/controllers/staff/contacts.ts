import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { textField } from '../../forms/fields';
import { parseForm } from '../../forms/form';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { safeReturnPath } from '../../middleware/authorize';
import { recordAudit } from '../../services/audit';
import { releaseHeld } from '../../services/inbound-filing';
import { positiveId } from '../params';

const schema = z.object({ note: textField('validation', 'note', { required: true, max: 500 }) });

/** POST /staff/contacts/:id/validate — records who validated, when and how, and files their held requests. */
export function staffContactsController(deps: AppDeps) {
  const { db } = deps;
  return {
    async validate(req: Request, res: Response) {
      const id = positiveId(req.params.id);
      const contact = id ? await db('contacts').where({ id }).first('id', 'account_id', 'email') : undefined;
      if (!contact) throw new NotFoundError();
      const back = safeReturnPath(req.body?.return_to) ?? `/staff/accounts/${contact.account_id}`;
      const form = parseForm(schema, req.body, ['note']);
      if (!form.ok) {
        setFlash(req, 'flash.validation_note_required', {}, 'error');
        await saveSession(req);
        return res.redirect(303, back);
      }
      const released = await db.transaction(async (trx) => {
        await trx('contacts').where({ id: contact.id }).update({
          authorization_status: 'authorized',
          validated_by_user_id: req.current!.id,
          validated_at: trx.fn.now(),
          validation_note: form.data.note,
          updated_at: trx.fn.now(),
        });
        await recordAudit(trx, {
          action: 'staff.contact_validated',
          accountId: contact.account_id,
          actorUserId: req.current!.id,
          targetType: 'contact',
          targetId: contact.id,
          ip: req.ip,
          metadata: { note: form.data.note },
        });
        const held = await trx('inbound_messages')
          .where({ from_email: contact.email, status: 'held' })
          .orderBy('received_at')
          .pluck('id');
        const numbers: string[] = [];
        for (const heldId of held) {
          const filed = await releaseHeld(deps, trx, heldId, req.current!.id);
          if (filed) numbers.push(filed.ticketNumber);
        }
        return numbers;
      });
      setFlash(req, 'flash.contact_validated', { email: contact.email, n: String(released.length) });
      await saveSession(req);
      return res.redirect(303, back);
    },
  };
}
