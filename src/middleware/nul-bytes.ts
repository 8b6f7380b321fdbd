import type { RequestHandler } from 'express';
import { stripNul } from '../domain/nul-bytes';

/**
 * At the edge, after the body is parsed: a NUL (%00) in a form field or the query string is
 * dropped, so that no form or lookup can reach the database with one (a 500 before).
 */
export const stripNulBytes: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) req.body = stripNul(req.body);
  if (req.url.includes('%00')) {
    const query = stripNul(req.query);
    // Express computes req.query from the URL on each read; this request keeps the cleaned one.
    Object.defineProperty(req, 'query', { value: query, configurable: true, enumerable: true, writable: true });
  }
  next();
};
