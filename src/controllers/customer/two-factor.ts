import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { CurrentUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { parseSecondFactorCode, parseSetUpCode, wrongCode } from '../../forms/auth/two-factor';
import { ForbiddenError } from '../../domain/errors';
import { allowedTwoFactorActions, type OwnTwoFactorAction } from '../../policies/two-factor';
import {
  confirmSetUp,
  ownTwoFactor,
  renewRecoveryCodes,
  setUpDetails,
  turnOff,
} from '../../services/two-factor-settings';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';

/** Mi perfil → Verificación en dos pasos: set up, renew the recovery codes, turn off. */
export function twoFactorController(deps: AppDeps) {
  /** The user's state and what they may do with it; 403 when `action` is not allowed. */
  async function stateOf(current: CurrentUser, action?: OwnTwoFactorAction) {
    const state = await ownTwoFactor(deps, current.id);
    const actions = allowedTwoFactorActions(state);
    if (action && !actions[action]) throw new ForbiddenError();
    return { state, actions };
  }

  /** The page as it stands: the set-up while the factor is off, its settings once it is on. */
  async function render(res: Response, current: CurrentUser, status = 200, errors: FieldErrors = {}) {
    const { state, actions } = await stateOf(current);
    res.set('Cache-Control', 'no-store');
    if (!state.enabled)
      return res.status(status).render('customer/two-factor/new', {
        setUp: await setUpDetails(deps, current),
        required: state.required,
        errors,
      });
    return res.status(status).render('customer/two-factor/show', { state, actions, errors });
  }

  function showCodes(res: Response, recoveryCodes: string[]) {
    res.set('Cache-Control', 'no-store');
    res.render('customer/two-factor/recovery-codes', { recoveryCodes, continuePath: '/profile/two-factor' });
  }

  return {
    /** GET /profile/two-factor */
    show: withUser((_req, res, current) => render(res, current)),

    /** POST /profile/two-factor — the first code from the app turns it on. */
    create: withUser(async (req, res, current) => {
      await stateOf(current, 'canTurnOn');
      const form = parseSetUpCode(req.body);
      if (!form.ok) return render(res, current, 422, form.errors);
      const person = { id: current.id, email: current.email, firstName: current.firstName, locale: current.locale };
      const result = await confirmSetUp(deps, person, current.account?.id ?? null, form.data.code, req.ip);
      if (!result.ok) return render(res, current, 422, { code: 'errors.two_factor.code.wrong' });
      return showCodes(res, result.recoveryCodes);
    }),

    /** POST /profile/two-factor/recovery-codes — ten new codes; the old ones stop working. */
    renewCodes: withUser(async (req, res, current) => {
      await stateOf(current, 'canRenewCodes');
      const form = parseSecondFactorCode(req.body);
      if (!form.ok) return render(res, current, 422, form.errors);
      const recoveryCodes = await renewRecoveryCodes(deps, current, form.data.code, req.ip);
      if (!recoveryCodes) return render(res, current, 422, { code: wrongCode(form.data.code) });
      return showCodes(res, recoveryCodes);
    }),

    /** POST /profile/two-factor/delete — refused (403) where the user's role requires it. */
    destroy: withUser(async (req, res, current) => {
      await stateOf(current, 'canTurnOff');
      const form = parseSecondFactorCode(req.body);
      if (!form.ok) return render(res, current, 422, form.errors);
      if (!(await turnOff(deps, current, form.data.code, req.ip)))
        return render(res, current, 422, { code: wrongCode(form.data.code) });
      return redirectWithFlash(req, res, '/profile', 'flash.two_factor_disabled');
    }),
  };
}
