import type { RequestHandler } from 'express';
import type { AppDeps } from './app-deps';
import { sessionsController } from './controllers/auth/sessions';
import { accountChoicesController } from './controllers/customer/account-choices';
import { dashboardController } from './controllers/customer/dashboard';
import { passwordController } from './controllers/customer/password';
import { profileController } from './controllers/customer/profile';
import { sentEmailsController } from './controllers/customer/sent-emails';
import { devMailController } from './controllers/dev/mail';
import { healthController } from './controllers/system/health';
import { languageController } from './controllers/system/language';
import { guestOnly, inAccount, publicAccess, section, signedIn, type Policy } from './policies';

export interface Route {
  method: 'get' | 'post';
  path: string;
  action: RequestHandler;
  policy: Policy;
}

/** Paths the app serves for GET, for menus (they never link to what is not there). */
export type Served = (path: string) => boolean;

/** The route table: method, path, action, policy — nothing else. */
export function routeTable(deps: AppDeps, served: Served): Route[] {
  const health = healthController(deps);
  const language = languageController(deps);
  const sessions = sessionsController(deps);
  const dashboard = dashboardController(deps, served);
  const accountChoices = accountChoicesController(deps);
  const sentEmails = sentEmailsController(deps);
  const profile = profileController(deps);
  const password = passwordController(deps);

  const routes: Route[] = [
    { method: 'get', path: '/healthz', action: health.live, policy: publicAccess },
    { method: 'get', path: '/readyz', action: health.ready, policy: publicAccess },
    { method: 'get', path: '/language/:locale', action: language.show, policy: publicAccess },

    { method: 'get', path: '/login', action: sessions.new, policy: guestOnly },
    { method: 'post', path: '/login', action: sessions.create, policy: guestOnly },
    { method: 'post', path: '/logout', action: sessions.destroy, policy: signedIn },

    { method: 'get', path: '/', action: dashboard.show, policy: inAccount },
    { method: 'get', path: '/accounts/choose', action: accountChoices.index, policy: signedIn },
    { method: 'post', path: '/accounts/choose', action: accountChoices.create, policy: signedIn },
    { method: 'get', path: '/profile', action: profile.show, policy: signedIn },
    { method: 'post', path: '/profile', action: profile.update, policy: signedIn },
    { method: 'get', path: '/profile/password', action: password.edit, policy: signedIn },
    { method: 'post', path: '/profile/password', action: password.update, policy: signedIn },

    { method: 'get', path: '/emails', action: sentEmails.index, policy: section('emails') },
  ];

  if (deps.config.env !== 'production') {
    const devMail = devMailController(deps);
    routes.push(
      { method: 'get', path: '/dev/mail', action: devMail.index, policy: publicAccess },
      { method: 'get', path: '/dev/mail/:id', action: devMail.show, policy: publicAccess },
    );
  }
  return routes;
}
