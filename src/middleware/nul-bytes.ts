import type { RequestHandler } from 'express';

/** Text with NUL removed: PostgreSQL cannot store it in text, and no person types it. */
export function withoutNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** The same value with NUL removed from every string in it (parsed bodies and query strings). */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripNul(v)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), stripNul(v)])) as T;
  return value;
}

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
