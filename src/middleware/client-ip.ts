import { isIPv4 } from 'node:net';
import type { RequestHandler } from 'express';

/**
 * A dual-stack listener sees an IPv4 client as `::ffff:a.b.c.d`. Taken back to `a.b.c.d` here, at the
 * edge, so that everything that records the client (activity, rate limits, reset requests) and
 * everyone who reads it sees the address the client has.
 */
export function plainIpv4(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  const mapped = /^::ffff:(.+)$/i.exec(ip);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : ip;
}

export function normaliseClientIp(): RequestHandler {
  return (req, _res, next) => {
    const ip = plainIpv4(req.ip);
    // req.ip is a getter on Express's request prototype: this request gets its own, plain value.
    if (ip !== req.ip) Object.defineProperty(req, 'ip', { value: ip, configurable: true, enumerable: true });
    next();
  };
}
