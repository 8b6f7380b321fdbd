import type { RequestHandler } from 'express';

/** Pages that may still come between signing in and the landing: picking the account, and «Inicio» itself. */
const BEFORE_LANDING = new Set(['/', '/accounts/choose']);

/**
 * The default app applies once, right after signing in: GET / takes that chance
 * (controllers/customer/dashboard.ts); any other page shown first (a `next` after the sign-in form,
 * a bookmark) uses it up, so that «Inicio» is the dashboard from then on.
 */
export function forgetLanding(): RequestHandler {
  return (req, _res, next) => {
    if (req.session?.landing && req.method === 'GET' && !BEFORE_LANDING.has(req.path)) delete req.session.landing;
    next();
  };
}
