import type { AppDeps } from '../../app-deps';
import { endMemberSessions } from '../../services/open-sessions';
import { handleParam } from '../customer/profile-sessions';
import { withMember } from '../handlers';
import { loadTarget } from './load-target';
import { redirectWithError, redirectWithFlash } from '../respond';

/** A member's sessions, ended from their page in Administrar usuarios (audited; the member is e-mailed). */
export function userSessionsController(deps: AppDeps) {
  return {
    /** POST /users/:id/sessions/:handle/delete — one session. */
    destroy: withMember(async (req, res, current) => {
      const target = await loadTarget(deps.db, current, req.params.id, 'canEndSessions');
      const handle = handleParam(req.params.handle);
      const path = `/users/${target.membership_id}`;
      if ((await endMemberSessions(deps, current, target, handle, req.ip)) === 0)
        return redirectWithError(req, res, path, 'flash.session_gone');
      return redirectWithFlash(req, res, path, 'flash.member_sessions_ended', {
        name: `${target.first_name} ${target.last_name}`,
        count: 1,
      });
    }),

    /** POST /users/:id/sessions/delete — all of them. */
    destroyAll: withMember(async (req, res, current) => {
      const target = await loadTarget(deps.db, current, req.params.id, 'canEndSessions');
      const count = await endMemberSessions(deps, current, target, null, req.ip);
      return redirectWithFlash(req, res, `/users/${target.membership_id}`, 'flash.member_sessions_ended', {
        name: `${target.first_name} ${target.last_name}`,
        count,
      });
    }),
  };
}
