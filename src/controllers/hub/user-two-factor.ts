import type { AppDeps } from '../../app-deps';
import { resetMemberTwoFactor } from '../../services/two-factor-settings';
import { withMember } from '../handlers';
import { loadTarget } from './load-target';
import { redirectWithFlash } from '../respond';

/** Restablecer verificación en dos pasos, from a user's page in Administrar usuarios. */
export function userTwoFactorController(deps: AppDeps) {
  return {
    /** POST /users/:id/reset-two-factor — audited, and the member is told by e-mail. */
    reset: withMember(async (req, res, current) => {
      const target = await loadTarget(deps.db, current, req.params.id, 'canResetTwoFactor');
      await resetMemberTwoFactor(deps, current, target, req.ip);
      await redirectWithFlash(req, res, `/users/${target.membership_id}`, 'flash.two_factor_reset', {
        name: `${target.first_name} ${target.last_name}`,
      });
    }),
  };
}
