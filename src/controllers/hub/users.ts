import type { Request, Response } from 'express';
import { grantableBy } from '../../domain/permissions';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { LOCALES } from '../../i18n';
import { newUserRefusal, newUserValues, parseNewUser } from '../../forms/hub/user';
import { parseUserFilter, USER_STATUSES } from '../../forms/hub/user-filter';
import { assignedNumbersOf, listAccountUsers } from '../../models/account-users';
import { allowedActions } from '../../policies/account-users';
import { inviteAndSend } from '../../services/invitations';
import { sessionsOf } from '../../services/open-sessions';
import { withMember } from '../handlers';
import { loadTarget } from './load-target';
import { resendRefusal } from '../../forms/hub/resend-invitation';
import { saveSession } from '../../middleware/session';
import { answerInvitation, submitFormOnce } from '../respond';

/** Administrar usuarios: the list, a user's page, and adding a user (an invitation). */
export function usersController(deps: AppDeps) {
  const { db } = deps;

  function renderNew(
    res: Response,
    current: MemberUser,
    status: number,
    values: Record<string, string>,
    permissions: string[],
    errors: FieldErrors = {},
  ) {
    res
      .status(status)
      .render('hub/users/new', { values, permissions, grantable: grantableBy(current), locales: LOCALES, errors });
  }

  return {
    /** GET /users */
    index: withMember(async (req, res, current) => {
      const filter = parseUserFilter(req.query);
      const users = await listAccountUsers(db, current.account.id, filter.status);
      res.render('hub/users/index', {
        users: users.map((u) => ({ ...u, actions: allowedActions(current, u) })),
        filter,
        statuses: USER_STATUSES,
      });
    }),

    /** GET /users/:id */
    show: withMember(async (req, res, current) => {
      const target = await loadTarget(db, current, req.params.id);
      const actions = allowedActions(current, target);
      // A resend that could not be sent shows, once, the address typed and why.
      const failed = req.session.resendFailed?.membershipId === target.membership_id ? req.session.resendFailed : null;
      if (failed) {
        delete req.session.resendFailed;
        await saveSession(req);
      }
      res.render('hub/users/show', {
        user: target,
        actions,
        sessions: actions.canEndSessions ? await sessionsOf(deps, target.user_id, null) : [],
        numbers: await assignedNumbersOf(db, target.membership_id),
        values: { email: failed ? failed.email : target.email },
        errors: failed ? resendRefusal('send_failed') : {},
      });
    }),

    /** GET /users/new */
    new: withMember((req, res, current) => renderNew(res, current, 200, { role: 'member', locale: req.locale }, [])),

    /** POST /users/new */
    create: withMember(async (req: Request, res: Response, current) => {
      const form = parseNewUser(req.body, grantableBy(current));
      if (!form.ok) return renderNew(res, current, 422, form.values, form.permissions, form.errors);

      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) => inviteAndSend(tx, current, form.data, req.ip),
        pathOf: (invited) => (invited.ok ? `/users/${invited.membershipId}` : null),
        conflict: () =>
          renderNew(res, current, 422, newUserValues(form.data), form.data.permissions, {
            email: 'errors.user.email.already_invited',
          }),
      });
      if (!submitted) return;
      const { result } = submitted;
      if (!result.ok) {
        return renderNew(res, current, 422, newUserValues(form.data), form.data.permissions, newUserRefusal(result));
      }
      const path = `/users/${result.membershipId}`;
      return answerInvitation(req, res, path, result.mail, form.data.email);
    }),
  };
}
