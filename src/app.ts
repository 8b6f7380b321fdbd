import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import { setUpApi } from './api/app';
import type { AppDeps } from './app-deps';
import { ASSET_PREFIX, loadAssets } from './assets';
import { authorize } from './middleware/authorize';
import { normaliseClientIp } from './middleware/client-ip';
import { loadCurrentUser } from './middleware/current-user';
import { errorHandler, notFound } from './middleware/errors';
import { expectedFormToken } from './middleware/form-cookie';
import { forgetLanding } from './middleware/landing';
import { setUpLocale, setUpViewLocals } from './middleware/locals';
import { stripNulBytes } from './middleware/nul-bytes';
import { requestLog } from './middleware/request-log';
import { setUpSession } from './middleware/session';
import { routeTable, type Route } from './routes';
import { createViewEngine } from './views/engine';
import { partialRenderer } from './views/form-builder';

/** Machine endpoints that need no session, user or language: mounted ahead of all that. */
const SESSIONLESS_PATHS = new Set(['/healthz', '/readyz']);

export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(config.projectRoot, 'views'));
  app.set('view engine', 'ejs');
  app.set('view cache', config.env === 'production');
  const views = createViewEngine(app.get('views') as string, app.get('view cache') === true);
  app.engine('ejs', views.express);

  app.use(normaliseClientIp());
  app.use(requestLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(config.secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.secure ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  // Static files only under /assets, from memory: no other path looks at the disk.
  const assets = loadAssets(path.join(config.projectRoot, 'public'), { reload: config.env === 'development' });
  app.locals.asset = assets.url;
  app.use(ASSET_PREFIX, assets.handler);

  // The integration API: bearer tokens only, before anything reads a cookie or renders a page.
  app.use('/api', setUpApi(deps));

  const servedPaths = new Set<string>();
  const served = (p: string) => servedPaths.has(p);
  const routes = routeTable(deps, served);
  const mount = (route: Route, chain: RequestHandler[]) => {
    if (route.method === 'get') servedPaths.add(route.path);
    app[route.method](route.path, authorize(route.policy), ...chain, route.action);
  };
  // Health checks answer before the session, the current user and the view locals are looked up.
  const early = routes.filter((route) => SESSIONLESS_PATHS.has(route.path));
  for (const route of early) mount(route, []);

  // Defaults first, so that even a page for "database unavailable" has its language and layout.
  app.use(setUpLocale(deps.i18n));
  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 300 }));
  app.use(stripNulBytes);
  app.use(setUpSession(config, deps.sessionPool, (...args) => logger.error({ args }, 'session store error')));
  app.use(loadCurrentUser(deps.db));
  app.use(forgetLanding());
  app.use(setUpLocale(deps.i18n));

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
    // The session's token, or for the sign-in form (no session yet) the one its cookie binds.
    getTokenFromState: (req) => req.session?.csrfToken ?? expectedFormToken(config, req),
    size: 32,
  });
  app.use(
    setUpViewLocals({
      served,
      generateCsrfToken: (req) => generateToken(req as express.Request),
      renderPartial: partialRenderer(app.get('views') as string, views),
    }),
  );

  for (const route of routes) {
    if (early.includes(route)) continue;
    const chain: RequestHandler[] = route.upload ? [route.upload] : [];
    if (route.method === 'post' && route.policy.csrf !== false) chain.push(csrfSynchronisedProtection);
    mount(route, chain);
  }

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
