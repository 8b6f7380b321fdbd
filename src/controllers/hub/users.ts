import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { GRANTABLE, parseNewUser } from '../../forms/hub/user';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { assignedNumbersOf, listAccountUsers, resolveAccountNumbers } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { inviteUser } from '../../services/invitations';
import { loadTarget } from './load-target';

/** Administrar usuarios: the list, a user's page, and adding a user (an invitation). */
export function usersController(deps: AppDeps) {
  const { db, mailer } = deps;
  const grantableFor = (req: Request) => GRANTABLE.filter((s) => req.current!.sections.has(s));

  function renderNew(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    permissions: string[],
    errors = {},
  ) {
    res.status(status).render('hub/users/new', { values, permissions, grantable: grantableFor(req), errors });
  }

  return {
    /** GET /users */
    async index(req: Request, res: Response) {
      const current = req.current!;
      const users = await listAccountUsers(db, current.account!.id);
      res.render('hub/users/index', { users: users.map((u) => ({ ...u, actions: allowedActions(current, u) })) });
    },

    /** GET /users/:id */
    async show(req: Request, res: Response) {
      const target = await loadTarget(db, req);
      res.render('hub/users/show', {
        user: target,
        actions: allowedActions(req.current!, target),
        numbers: await assignedNumbersOf(db, target.membership_id),
        values: { email: target.email },
        errors: {},
      });
    },

    /** GET /users/new */
    async new(req: Request, res: Response) {
      renderNew(req, res, 200, { role: 'member' }, []);
    },

    /** POST /users/new */
    async create(req: Request, res: Response) {
      const current = req.current!;
      const form = parseNewUser(req.body);
      if (!form.ok) return renderNew(req, res, 422, form.values, form.permissions, form.errors);
      const { data } = form;
      const { first_name, last_name, email, title, role } = data;
      const values = { first_name, last_name, email, title, role, account_number: data.account_number.join(', ') };
      if (data.permissions.some((p) => !grantableFor(req).includes(p))) {
        return renderNew(req, res, 422, values, data.permissions, { permissions: 'errors.user.permissions.invalid' });
      }
      const numbers = await resolveAccountNumbers(
        db,
        current.account!.id,
        data.role === 'member' ? data.account_number : [],
      );
      if (numbers.unknown.length) {
        return renderNew(req, res, 422, values, data.permissions, {
          account_number: {
            key: 'errors.user.account_number.unknown',
            params: { numbers: numbers.unknown.join(', ') },
          },
        });
      }
      const result = await inviteUser(
        deps,
        current,
        { ...data, accountNumberIds: numbers.found.map((n) => n.id) },
        req.ip,
      );
      if (!result.ok)
        return renderNew(req, res, 422, values, data.permissions, { email: `errors.user.email.${result.error}` });

      const sent = await mailer.sendNow(result.outboxId);
      if (sent) setFlash(req, 'flash.user_invited', { email: data.email });
      else setFlash(req, 'flash.invitation_failed', {}, 'error');
      await saveSession(req);
      return res.redirect(303, `/users/${result.membershipId}`);
    },
  };
}
