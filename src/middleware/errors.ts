import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/knex';
import { NotFoundError, ServiceBusyError, TooManyRequestsError } from '../domain/errors';

/** The catch-all for paths no route matched. Touches neither the session store nor the database. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** PostgreSQL's unique_violation: two submissions raced for the same value (forms catch it first; this is the net). */
const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === '23505';

function statusOf(err: unknown): number {
  if (isDatabaseUnavailable(err)) return 503;
  if (isUniqueViolation(err)) return 422;
  const status =
    (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

const PAGES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  422: 'conflict',
  429: 'too_many',
  503: 'unavailable',
};

/** One error handler: a page in the user's language, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  // Express knows an error handler by its four parameters.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (err, req, res, _next) => {
    if (res.headersSent) {
      // Express would destroy the socket (a reset) and print the stack to stderr; the answer is on
      // its way already (express-session finishes it after a failed late save), so only log.
      logger.warn({ err, reqId: req.id }, 'error after the response had started');
      if (!res.writableEnded) res.end();
      return undefined;
    }
    const status = statusOf(err);
    const csrf = (err as { code?: unknown })?.code === 'EBADCSRFTOKEN';
    const page = csrf ? 'csrf' : (PAGES[status] ?? (status >= 500 ? 'server_error' : 'bad_request'));
    if (err instanceof ServiceBusyError) logger.warn({ reqId: req.id, status }, 'busy: sign-in shed');
    else if (status === 503) logger.warn({ err, reqId: req.id, status }, 'database unavailable');
    else if (status >= 500) logger.error({ err, reqId: req.id, status }, 'request failed');
    if (status === 503) res.set('Retry-After', '5');
    if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
    res.status(status);
    // Errors raised before the view locals were set still get the whole layout.
    res.locals.current ??= null;
    res.locals.mainNav ??= [];
    res.locals.accountMenu ??= [];
    res.locals.flash ??= null;
    res.locals.currentPath ??= req.path;
    res.locals.served ??= () => false;
    res.render('errors/show', { status, page }, (renderError: Error | null, html?: string) => {
      if (!renderError) return res.send(html);
      logger.error({ err: renderError }, 'error page failed to render');
      return res.type('text/plain').send(String(status));
    });
  };
}
