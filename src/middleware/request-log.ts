import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Paths that carry a secret (an invitation's or a password reset's token): logged without it. */
const TOKEN_PATHS = /\/(invitations|password\/reset)\/[^/]+/;

/** The path as the log shows it: no query string, no token. */
export function loggedPath(url: string): string {
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)).replace(TOKEN_PATHS, '/$1/[token]');
}

/**
 * One JSON line per request when it ends: its id (also sent as `X-Request-Id`, and what the error
 * handlers log as `reqId`), method, path, status and time, in pino-http's shape
 * (`{ req: { id, method, path }, res: { status }, responseTime }`, «request completed», or «request
 * errored» from 500 on). Never headers, cookies, bodies or query strings.
 *
 * Written here rather than with pino-http, which made a child logger per request from a full copy
 * of the request (headers included, then redacted) even when the level wrote nothing. Here the
 * fields are fixed, and when the level leaves request lines out (`LOG_LEVEL=warn`), a request costs
 * its id and nothing else.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (!logger.isLevelEnabled('info')) return next();
    const started = Date.now();
    const method = req.method;
    const path = loggedPath(req.url);
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const status = res.statusCode;
      logger.info(
        { req: { id, method, path }, res: { status }, responseTime: Date.now() - started },
        status >= 500 ? 'request errored' : 'request completed',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    return next();
  };
}
