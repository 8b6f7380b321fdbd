import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parsePasswordChange } from '../../forms/customer/password';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { passwordChangedMail } from '../../mail/messages';
import { findUserById, updatePassword } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { hashSecret, verifySecret } from '../../services/passwords';
import { isEmailLocked, recordCredentialFailure } from '../../services/lockout';

/** Cambiar contraseña: needs the current one; ends every other session; tells the user by e-mail. */
export function passwordController({ db, mailer, config, i18n }: AppDeps) {
  return {
    /** GET /profile/password */
    edit(_req: Request, res: Response) {
      res.render('customer/passwords/edit');
    },

    /** POST /profile/password */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const form = parsePasswordChange(req.body, current.email);
      if (!form.ok) return res.status(422).render('customer/passwords/edit', { errors: form.errors });

      // Wrong current passwords count toward the same lockout as failed sign-ins.
      const locked = await isEmailLocked(db, current.email);
      const user = await findUserById(db, current.id);
      if (locked || !(await verifySecret(form.data.current_password, user?.password_hash))) {
        await recordCredentialFailure(db, current.email, req.ip);
        await recordAudit(db, { action: 'password.change_failed', actorUserId: current.id, ip: req.ip });
        return res.status(422).render('customer/passwords/edit', {
          errors: { current_password: 'errors.password.current_password.wrong' },
        });
      }

      const hash = await hashSecret(form.data.password);
      await db.transaction(async (trx) => {
        req.session.userVersion = await updatePassword(trx, current.id, hash);
        await mailer.enqueue(passwordChangedMail(i18n.getFixedT(current.locale), current, config.baseUrl), trx);
        await recordAudit(trx, {
          action: 'password.changed',
          actorUserId: current.id,
          accountId: current.account?.id ?? null,
          targetType: 'user',
          targetId: current.id,
          ip: req.ip,
        });
      });
      setFlash(req, 'flash.password_changed');
      await saveSession(req);
      return res.redirect(303, '/profile');
    },
  };
}
