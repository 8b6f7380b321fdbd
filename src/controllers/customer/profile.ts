import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseProfile } from '../../forms/customer/profile';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { updateProfile } from '../../models/users';
import { landingKey, MAIN_NAV, visibleItems } from '../../navigation';
import { recordAudit } from '../../services/audit';

/** Mi perfil / Configuración: the user identifiers of the seed (name, department, employee number). */
export function profileController({ db }: AppDeps, served: (path: string) => boolean) {
  /** Pages this user may land on after signing in, in the current account. */
  const landingChoices = (req: Request) =>
    req.current!.account ? visibleItems(MAIN_NAV, req.current!, served).map((i) => i.key) : [];

  return {
    /** GET /profile */
    show(req: Request, res: Response) {
      const c = req.current!;
      res.render('customer/profile/show', {
        values: {
          first_name: c.firstName,
          last_name: c.lastName,
          department: c.department,
          employee_number: c.employeeNumber,
          default_app: landingKey(c),
        },
        landingChoices: landingChoices(req),
      });
    },

    /** POST /profile */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const form = parseProfile(req.body);
      const choices = landingChoices(req);
      const defaultApp = typeof req.body?.default_app === 'string' ? req.body.default_app : 'dashboard';
      if (!form.ok)
        return res.status(422).render('customer/profile/show', {
          values: { ...form.values, default_app: defaultApp },
          errors: form.errors,
          landingChoices: choices,
        });
      if (current.membership && !choices.includes(defaultApp)) {
        return res.status(422).render('customer/profile/show', {
          values: { ...form.data, default_app: defaultApp },
          errors: { default_app: 'errors.profile.default_app.invalid' },
          landingChoices: choices,
        });
      }
      await updateProfile(db, current.id, form.data);
      if (current.membership)
        await db('memberships')
          .where({ id: current.membership.id })
          // Kept even for the dashboard: a partner who chooses it no longer lands on the Accounts Manager.
          .update({ default_app: defaultApp });
      await recordAudit(db, {
        action: 'profile.updated',
        actorUserId: current.id,
        accountId: current.account?.id ?? null,
        targetType: 'user',
        targetId: current.id,
        ip: req.ip,
      });
      setFlash(req, 'flash.profile_saved');
      await saveSession(req);
      return res.redirect(303, '/profile');
    },
  };
}
