import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { endOtherOwnSessions, endOwnSession, sessionHandle, sessionsOf } from '../../services/open-sessions';
import { withUser } from '../handlers';
import { redirectWithError, redirectWithFlash } from '../respond';

/** A session's handle as the page sends it back (a SHA-256 in hex); anything else is not found. */
export function handleParam(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) throw new NotFoundError();
  return value;
}

/** Sesiones y dispositivos (from Mi perfil): the user's open sessions, and ending the others. */
export function profileSessionsController(deps: AppDeps) {
  return {
    /** GET /profile/sessions */
    index: withUser(async (req, res, current) => {
      res.render('customer/sessions/index', {
        sessions: await sessionsOf(deps, current.id, sessionHandle(req.sessionID)),
      });
    }),

    /** POST /profile/sessions/:handle/delete — «Cerrar sesión» on another device: signed out at its next click. */
    destroy: withUser(async (req, res, current) => {
      const handle = handleParam(req.params.handle);
      const ended = await endOwnSession(deps, current, handle, sessionHandle(req.sessionID), req.ip);
      if (!ended) return redirectWithError(req, res, '/profile/sessions', 'flash.session_gone');
      return redirectWithFlash(req, res, '/profile/sessions', 'flash.session_ended');
    }),

    /** POST /profile/sessions/delete — «Cerrar todas las demás»: every session but this one. */
    destroyOthers: withUser(async (req, res, current) => {
      const count = await endOtherOwnSessions(deps, current, sessionHandle(req.sessionID), req.ip);
      return redirectWithFlash(req, res, '/profile/sessions', 'flash.other_sessions_ended', { count });
    }),
  };
}
