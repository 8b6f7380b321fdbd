import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { userActor } from '../../domain/actor';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import {
  parseAccountSettings,
  settingsFormFrom,
  settingsFormOf,
  type SettingsForm,
} from '../../forms/manager/account-settings';
import { trunkField } from '../../forms/manager/restrictions-step';
import { ForbiddenError } from '../../domain/errors';
import { accountSettings, CLASSIFIERS, findParentAccount, type ManagedAccount } from '../../models/accounts';
import { poolState, TRUNK_KINDS, trunksOf, type Trunks } from '../../models/trunk-pool';
import { sectionsOffered } from '../../domain/account-kinds';
import { formErrors } from '../../forms/manager/field-paths';
import { checkAccountSettings, roomFor, updateManagedAccount } from '../../services/accounts/update-account';
import { managedAccountLabels } from '../../views/field-labels';
import { withMember } from '../handlers';
import { redirectWithFlash } from '../respond';
import { accountPath, loadManaged, managedPageLocals } from './load-managed';

/** Editing an account below the user's: name, time zone, language, trunks or pool, restrictions, prepay, sections. */
export function accountSettingsController(deps: AppDeps) {
  const { db } = deps;

  async function render(
    req: Request,
    res: Response,
    current: MemberUser,
    account: ManagedAccount,
    view: { status: number; form: SettingsForm; errors: FieldErrors; room?: Trunks },
  ) {
    const reseller = account.kind === 'reseller';
    const row = (await accountSettings(db, account.id))!;
    const parent = await findParentAccount(db, account.parent_id!);
    const pool = await poolState(db, reseller ? account.id : parent.id);
    const own = trunksOf(row);
    res.status(view.status).render('manager/accounts/edit', {
      ...(await managedPageLocals(deps, req, current, account)),
      form: view.form,
      values: view.form.values,
      errors: view.errors,
      errorLabels: managedAccountLabels(reseller),
      reseller,
      realm: account.realm,
      pool,
      room: reseller ? null : (view.room ?? roomFor(pool, own)),
      offered: sectionsOffered(parent),
      trunkKinds: TRUNK_KINDS,
      trunkField: (kind: (typeof TRUNK_KINDS)[number]) => trunkField(kind, reseller),
      classifiers: CLASSIFIERS,
    });
  }

  return {
    /** GET /manager/accounts/:id/edit */
    edit: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'edit');
      const row = (await accountSettings(db, account.id))!;
      const form = settingsFormOf(row, account.kind === 'reseller');
      await render(req, res, current, account, { status: 200, form, errors: {} });
    }),

    /** POST /manager/accounts/:id/edit — trunks over the pool re-render 422 with what is available. */
    update: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'edit');
      const reseller = account.kind === 'reseller';
      const offered = sectionsOffered(await findParentAccount(db, account.parent_id!));
      const form = parseAccountSettings(req.body, { pool: reseller, offered });
      if (!form.ok) {
        const found = await checkAccountSettings(deps, account, form.facts);
        const errors = { ...formErrors(found.errors), ...form.errors };
        return render(req, res, current, account, { status: 422, form: form.form, errors, room: found.room });
      }

      const result = await updateManagedAccount(deps, userActor(current.id), account, form.data, req.ip);
      if (!result.ok && 'closed' in result) throw new ForbiddenError();
      if (!result.ok) {
        const shown = settingsFormFrom(req.body as Record<string, unknown>, reseller);
        return render(req, res, current, account, {
          status: 422,
          form: shown,
          errors: formErrors(result.errors),
          room: result.room,
        });
      }
      return redirectWithFlash(req, res, accountPath(account), 'manager.flash.updated', { name: form.data.name });
    }),
  };
}
