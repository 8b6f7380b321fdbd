import type { AppDeps } from '../app-deps';
import { invitationsController } from '../controllers/auth/invitations';
import { passwordResetsController } from '../controllers/auth/password-resets';
import { questionResetsController } from '../controllers/auth/question-resets';
import { sessionsController } from '../controllers/auth/sessions';
import { twoFactorSignInController } from '../controllers/auth/two-factor';
import { guestOnly, publicAccess, signedInFirstSteps } from '../policies';
import { signingIn } from '../policies/two-factor';
import type { Route } from './route';

/** Signing in and out, the second step, recovery by e-mail or questions, invitations. */
export function authRoutes(deps: AppDeps): Route[] {
  const sessions = sessionsController(deps);
  const twoFactorSignIn = twoFactorSignInController(deps);
  const resets = passwordResetsController(deps);
  const questionResets = questionResetsController(deps);
  const invitations = invitationsController(deps);
  return [
    { method: 'get', path: '/login', action: sessions.new, policy: guestOnly },
    { method: 'post', path: '/login', action: sessions.create, policy: guestOnly },
    { method: 'post', path: '/logout', action: sessions.destroy, policy: signedInFirstSteps },
    { method: 'get', path: '/login/two-factor', action: twoFactorSignIn.show, policy: signingIn },
    { method: 'post', path: '/login/two-factor', action: twoFactorSignIn.create, policy: signingIn },
    { method: 'get', path: '/password/forgot', action: resets.choose, policy: publicAccess },
    { method: 'post', path: '/password/forgot/email', action: resets.create, policy: publicAccess },
    { method: 'get', path: '/password/reset/:token', action: resets.edit, policy: publicAccess },
    { method: 'post', path: '/password/reset/:token', action: resets.update, policy: publicAccess },
    { method: 'get', path: '/password/forgot/questions', action: questionResets.show, policy: publicAccess },
    { method: 'post', path: '/password/forgot/questions', action: questionResets.update, policy: publicAccess },
    { method: 'get', path: '/invitations/:token', action: invitations.show, policy: publicAccess },
    { method: 'post', path: '/invitations/:token', action: invitations.update, policy: publicAccess },
  ];
}
