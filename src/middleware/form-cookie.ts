import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config';

/**
 * The CSRF token of the sign-in form without a session row: a random nonce in an HttpOnly cookie,
 * and in the form its HMAC under the session secret (a signed double-submit token). Another site
 * can neither read the cookie nor make a token for a nonce it planted, so a POST carries a token
 * that matches its own cookie only when it came from our page. An anonymous visit to /login then
 * costs no write (issue 22: 100 visits were 100 session rows); the session begins at sign-in.
 */
export function formCookieName(config: Pick<Config, 'secure'>): string {
  return config.secure ? '__Host-cuentas-form' : 'cuentas.form';
}

const NONCE = /^[A-Za-z0-9_-]{43}$/;

function nonceOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      const nonce = value.join('=');
      return NONCE.test(nonce) ? nonce : undefined;
    }
  }
  return undefined;
}

const tokenFor = (secret: string, nonce: string) => createHmac('sha256', secret).update(`form:${nonce}`).digest('hex');

/** The token the form carries, setting the cookie when the browser has none yet. */
export function cookieFormToken(config: Config, req: Request, res: Response): string {
  const name = formCookieName(config);
  let nonce = nonceOf(req, name) ?? (res.locals.formNonce as string | undefined);
  if (!nonce) {
    nonce = randomBytes(32).toString('base64url');
    res.locals.formNonce = nonce;
    res.cookie(name, nonce, { httpOnly: true, sameSite: 'lax', secure: config.secure, path: '/' });
  }
  return tokenFor(config.sessionSecret, nonce);
}

/** The token a POST must carry for the cookie it came with, if any. */
export function expectedFormToken(config: Config, req: Request): string | undefined {
  const nonce = nonceOf(req, formCookieName(config));
  return nonce ? tokenFor(config.sessionSecret, nonce) : undefined;
}
