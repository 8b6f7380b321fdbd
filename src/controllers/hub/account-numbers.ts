import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { parseForm } from '../../forms/form';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { assignedNumbersOf, resolveAccountNumbers, type AccountUser } from '../../models/account-users';
import { recordAudit } from '../../services/audit';
import type { AuditAction } from '../../services/audit-actions';
import { loadTarget } from './load-target';

const addSchema = z.object({
  account_number: z
    .string({ error: 'errors.account_numbers.account_number.required' })
    .trim()
    .min(1, 'errors.account_numbers.account_number.required')
    .regex(/^[0-9]{6,15}$/, 'errors.account_numbers.account_number.format'),
});

/** Editar cuentas asignadas: which account numbers a member sees (typed in, removed with ✕). */
export function accountNumbersController({ db }: AppDeps) {
  async function render(
    res: Response,
    status: number,
    target: AccountUser,
    values: Record<string, string> = {},
    errors: Record<string, unknown> = {},
  ) {
    res.status(status).render('hub/users/account-numbers', {
      user: target,
      numbers: await assignedNumbersOf(db, target.membership_id),
      values,
      errors,
    });
  }

  async function done(
    req: Request,
    res: Response,
    target: AccountUser,
    action: AuditAction,
    flash: string,
    params: Record<string, string>,
  ) {
    await recordAudit(db, {
      action,
      accountId: target.account_id,
      actorUserId: req.current!.id,
      targetType: 'membership',
      targetId: target.membership_id,
      ip: req.ip,
      metadata: params,
    });
    setFlash(req, flash, params);
    await saveSession(req);
    res.redirect(303, `/users/${target.membership_id}/account-numbers`);
  }

  return {
    /** GET /users/:id/account-numbers */
    async index(req: Request, res: Response) {
      await render(res, 200, await loadTarget(db, req, 'canAssignNumbers'));
    },

    /** POST /users/:id/account-numbers — add one number, or `scope=all` to open every number. */
    async create(req: Request, res: Response) {
      const target = await loadTarget(db, req, 'canAssignNumbers');
      if (req.body?.scope === 'all') {
        await db.transaction(async (trx) => {
          await trx('membership_account_numbers').where({ membership_id: target.membership_id }).delete();
          await trx('memberships')
            .where({ id: target.membership_id })
            .update({ account_scope: 'all', updated_at: trx.fn.now() });
        });
        return done(req, res, target, 'user.account_scope_all', 'flash.numbers_all', {});
      }
      const form = parseForm(addSchema, req.body, ['account_number']);
      if (!form.ok) return render(res, 422, target, form.values, form.errors);
      const number = form.data.account_number;
      // Unknown and other accounts' numbers get the same answer: nothing about them leaks.
      const { found } = await resolveAccountNumbers(db, target.account_id, [number]);
      if (!found.length)
        return render(
          res,
          422,
          target,
          { account_number: number },
          { account_number: { key: 'errors.account_numbers.account_number.unknown', params: { number } } },
        );
      const inserted = await db.transaction(async (trx) => {
        const rows = await trx('membership_account_numbers')
          .insert({
            membership_id: target.membership_id,
            account_number_id: found[0].id,
            account_id: target.account_id,
          })
          .onConflict(['membership_id', 'account_number_id'])
          .ignore()
          .returning('membership_id');
        await trx('memberships')
          .where({ id: target.membership_id })
          .update({ account_scope: 'assigned', updated_at: trx.fn.now() });
        return rows.length;
      });
      if (!inserted)
        return render(
          res,
          422,
          target,
          { account_number: number },
          { account_number: 'errors.account_numbers.account_number.already' },
        );
      return done(req, res, target, 'user.account_number_added', 'flash.number_added', { number });
    },

    /** POST /users/:id/account-numbers/:numberId/delete */
    async destroy(req: Request, res: Response) {
      const target = await loadTarget(db, req, 'canAssignNumbers');
      const numberId = Number(req.params.numberId);
      const assigned = (await assignedNumbersOf(db, target.membership_id)).find((n) => n.id === numberId);
      if (!assigned) throw new NotFoundError();
      await db('membership_account_numbers')
        .where({ membership_id: target.membership_id, account_number_id: numberId })
        .delete();
      return done(req, res, target, 'user.account_number_removed', 'flash.number_removed', { number: assigned.number });
    },
  };
}
