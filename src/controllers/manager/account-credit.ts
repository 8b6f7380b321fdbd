import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { userActor } from '../../domain/actor';
import type { FieldErrors } from '../../forms/form';
import { DIRECTIONS, parseCreditEntry } from '../../forms/manager/credit-entry';
import { formatMoney } from '../../formatters';
import { ForbiddenError } from '../../domain/errors';
import { accountSettings, type ManagedAccount } from '../../models/accounts';
import { balanceOf, ledgerPage } from '../../models/credit';
import { pageLinks } from '../../models/pagination';
import { adjustCredit } from '../../services/accounts/credit';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';
import { redirectWithFlash } from '../respond';
import { accountPath, loadManaged, managedPageLocals } from './load-managed';

/** The credit ledger of an account below the user's: its balance, its history (who and when) and the form. */
export function accountCreditController(deps: AppDeps) {
  const { db } = deps;

  async function render(
    req: Request,
    res: Response,
    current: MemberUser,
    account: ManagedAccount,
    view: { status: number; values: Record<string, string>; errors: FieldErrors },
  ) {
    const path = `/manager/accounts/${account.id}/credit`;
    const page = await ledgerPage(db, account.id, cursorFrom(req.query));
    res.status(view.status).render('manager/accounts/credit', {
      ...(await managedPageLocals(deps, req, current, account)),
      balanceCents: await balanceOf(db, account.id),
      allowPrepay: (await accountSettings(db, account.id))!.allow_prepay,
      entries: page.rows,
      ledgerLinks: pageLinks(path, page),
      directions: DIRECTIONS,
      values: view.values,
      errors: view.errors,
    });
  }

  return {
    /** GET /manager/accounts/:id/credit?after=|before= (the history, newest first) */
    index: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'view');
      await render(req, res, current, account, { status: 200, values: { direction: 'add' }, errors: {} });
    }),

    /** POST /manager/accounts/:id/credit — `amount`, `direction` (add | remove), `note` */
    create: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'credit');
      const form = parseCreditEntry(req.body);
      if (!form.ok) return render(req, res, current, account, { status: 422, ...form });

      const result = await adjustCredit(deps, userActor(current.id), account, form.data, { ip: req.ip });
      if (!result.ok && 'closed' in result) throw new ForbiddenError();
      if (!result.ok) {
        const values = { amount: String(req.body?.amount ?? ''), direction: form.data.direction, note: form.data.note };
        return render(req, res, current, account, { status: 422, values, errors: result.errors });
      }
      const amount = formatMoney(req.locale, form.data.amount_cents);
      const flash = form.data.direction === 'add' ? 'manager.flash.credit_added' : 'manager.flash.credit_removed';
      return redirectWithFlash(req, res, accountPath(account, 'credit-title'), flash, {
        amount,
        balance: formatMoney(req.locale, result.balanceCents),
      });
    }),
  };
}
