import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parsePasswordChange } from '../../forms/customer/password';
import { changePassword } from '../../services/user-settings';
import { withUser } from '../handlers';
import { redirectWithFlash } from '../respond';

/** Cambiar contraseña: needs the current one; ends every other session; tells the user by e-mail. */
export function passwordController(deps: AppDeps) {
  return {
    /** GET /profile/password */
    edit(_req: Request, res: Response) {
      res.render('customer/passwords/edit');
    },

    /** POST /profile/password — wrong current passwords count toward the sign-in lockout. */
    update: withUser(async (req, res, current) => {
      const form = parsePasswordChange(req.body, current.email);
      if (!form.ok) return res.status(422).render('customer/passwords/edit', { errors: form.errors });
      const result = await changePassword(
        deps,
        current,
        { currentPassword: form.data.current_password, password: form.data.password },
        req.ip,
      );
      if (!result.ok)
        return res.status(422).render('customer/passwords/edit', {
          errors: { current_password: 'errors.password.current_password.wrong' },
        });
      // This session carries the new version, so it is the one that stays signed in.
      req.session.userVersion = result.sessionVersion;
      return redirectWithFlash(req, res, '/profile', 'flash.password_changed');
    }),
  };
}
