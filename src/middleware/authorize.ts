import type { RequestHandler } from 'express';
import type { Policy } from '../policies';
import { pendingSignInOf } from './sign-in-session';
import { ForbiddenError } from '../domain/errors';
import { safeReturnPath } from '../domain/return-path';

/** Where a first sign-in chooses its security questions. */
export const CHOOSE_QUESTIONS_PATH = '/profile/security-questions';

export function authorize(policy: Policy): RequestHandler {
  return (req, res, next) => {
    const current = req.current;
    if (policy.requiresUser && !current) {
      // Half signed in (password typed, second factor still to come): nothing else until it is done.
      if (pendingSignInOf(req)) return res.redirect(303, '/login/two-factor');
      const next = req.method === 'GET' ? safeReturnPath(req.originalUrl) : null;
      return res.redirect(303, next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login');
    }
    // A first sign-in without security questions chooses them before anything else.
    if (current && req.session.choosingQuestions && policy.requiresUser && !policy.firstSignIn)
      return res.redirect(303, CHOOSE_QUESTIONS_PATH);
    if (policy.requiresAccount && current && !current.account) return res.redirect(303, '/accounts/choose');
    if (!policy.allows(current)) {
      // A signed-in visitor on the sign-in form goes home instead of seeing "forbidden".
      if (policy.name === 'guest') return res.redirect(303, '/');
      return next(new ForbiddenError());
    }
    return next();
  };
}
