import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseProfile } from '../../forms/customer/profile';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { updateProfile } from '../../models/users';
import { recordAudit } from '../../services/audit';

/** Mi perfil / Configuración: the user identifiers of the seed (name, department, employee number). */
export function profileController({ db }: AppDeps) {
  return {
    /** GET /profile */
    show(req: Request, res: Response) {
      const c = req.current!;
      res.render('customer/profile/show', {
        values: { first_name: c.firstName, last_name: c.lastName, department: c.department, employee_number: c.employeeNumber },
      });
    },

    /** POST /profile */
    async update(req: Request, res: Response) {
      const current = req.current!;
      const form = parseProfile(req.body);
      if (!form.ok) return res.status(422).render('customer/profile/show', { values: form.values, errors: form.errors });
      await updateProfile(db, current.id, form.data);
      await recordAudit(db, { action: 'profile.updated', actorUserId: current.id, accountId: current.account?.id ?? null, targetType: 'user', targetId: current.id, ip: req.ip });
      setFlash(req, 'flash.profile_saved');
      await saveSession(req);
      return res.redirect(303, '/profile');
    },
  };
}
