import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { accountNumberRefusal, parseAccountNumberChange } from '../../forms/hub/account-number';
import { NotFoundError } from '../../domain/errors';
import { assignedNumbersOf, findAssignedNumber, type AccountUser } from '../../models/account-users';
import { assignNumber, openAllNumbers, unassignNumber } from '../../services/account-users';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { redirectWithFlash } from '../respond';
import { loadTarget } from './load-target';

/** The member's numbers, where every action here lands with its flash. */
const numbersPage = (target: AccountUser) => `/users/${target.membership_id}/account-numbers`;

/** Editar cuentas asignadas: which account numbers a member sees (typed in, removed with ✕). */
export function accountNumbersController(deps: AppDeps) {
  const { db } = deps;

  async function render(
    res: Response,
    status: number,
    target: AccountUser,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    res.status(status).render('hub/users/account-numbers', {
      user: target,
      numbers: await assignedNumbersOf(db, target.membership_id),
      values,
      errors,
    });
  }

  return {
    /** GET /users/:id/account-numbers */
    index: withMember(async (req, res, current) => {
      await render(res, 200, await loadTarget(db, current, req.params.id, 'canAssignNumbers'));
    }),

    /** POST /users/:id/account-numbers — add one number, or `scope=all` to open every number. */
    create: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canAssignNumbers');
      const form = parseAccountNumberChange(req.body);
      if (!form.ok) return render(res, 422, target, form.values, form.errors);
      if (form.data.scope === 'all') {
        await openAllNumbers(deps, current, target, req.ip);
        return redirectWithFlash(req, res, numbersPage(target), 'flash.numbers_all');
      }
      const number = form.data.account_number;
      const result = await assignNumber(deps, current, target, number, req.ip);
      if (!result.ok) {
        return render(res, 422, target, { account_number: number }, accountNumberRefusal(result.error, number));
      }
      return redirectWithFlash(req, res, numbersPage(target), 'flash.number_added', { number });
    }),

    /** POST /users/:id/account-numbers/:numberId/delete */
    destroy: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id, 'canAssignNumbers');
      const assigned = await findAssignedNumber(db, target.membership_id, positiveId(req.params.numberId) ?? 0);
      if (!assigned) throw new NotFoundError();
      await unassignNumber(deps, current, target, assigned, req.ip);
      return redirectWithFlash(req, res, numbersPage(target), 'flash.number_removed', { number: assigned.number });
    }),
  };
}
