import type { AppDeps } from '../app-deps';
import { devMailController } from '../controllers/dev/mail';
import { healthController } from '../controllers/system/health';
import { inboundMailController } from '../controllers/system/inbound-mail';
import { languageController } from '../controllers/system/language';
import { inboundToken, publicAccess } from '../policies';
import type { Route } from './route';

/** Health, the language switch, the inbound-mail endpoint; the development mailbox outside production. */
export function systemRoutes(deps: AppDeps): Route[] {
  const health = healthController(deps);
  const language = languageController(deps);
  const inboundMail = inboundMailController(deps);
  return [
    { method: 'get', path: '/healthz', action: health.live, policy: publicAccess },
    { method: 'get', path: '/readyz', action: health.ready, policy: publicAccess },
    { method: 'get', path: '/language/:locale', action: language.show, policy: publicAccess },
    { method: 'post', path: '/inbound/mail', action: inboundMail.create, policy: inboundToken },
  ];
}

/** The development mailbox (never served in production). */
export function devRoutes(deps: AppDeps): Route[] {
  if (deps.config.env === 'production') return [];
  const devMail = devMailController(deps);
  return [
    { method: 'get', path: '/dev/mail', action: devMail.index, policy: publicAccess },
    { method: 'get', path: '/dev/mail/:id', action: devMail.show, policy: publicAccess },
  ];
}
