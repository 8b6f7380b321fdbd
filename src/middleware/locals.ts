import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import { DEFAULT_LOCALE, isLocale, translators, type Locale } from '../i18n';
import { formatDate, formatDateTime, formatMoney } from '../formatters';
import { ACCOUNT_MENU, MAIN_NAV, visibleItems } from '../navigation';
import { saveSession } from './session';

export const LOCALE_COOKIE = 'lang';

function cookieLocale(header: string | undefined): Locale | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return null;
}

/** Language: the visitor's choice (cookie), else the signed-in user's, else Spanish. */
export function setUpLocale(i18n: i18n): RequestHandler {
  // Built once: i18next's own t() merges options and walks the resources on every call.
  const t = translators(i18n);
  return (req, res, next) => {
    req.locale = cookieLocale(req.headers.cookie) ?? req.current?.locale ?? DEFAULT_LOCALE;
    req.t = t[req.locale];
    res.locals.t = req.t;
    res.locals.locale = req.locale;
    next();
  };
}

/** What every view may use. The CSRF token is made only when a form asks for it. */
export function setUpViewLocals(options: {
  served: (path: string) => boolean;
  generateCsrfToken: (req: Express.Request) => string;
}): RequestHandler {
  return (req, res, next) => {
    const current = req.current;
    res.locals.current = current ?? null;
    res.locals.csrf = () => options.generateCsrfToken(req);
    res.locals.served = options.served;
    res.locals.currentPath = req.path;
    res.locals.mainNav = current?.account ? visibleItems(MAIN_NAV, current, options.served) : [];
    res.locals.accountMenu = current ? visibleItems(ACCOUNT_MENU, current, options.served) : [];
    res.locals.errors = {};
    res.locals.errorText = (e: string | { key: string; params: Record<string, string> }) =>
      typeof e === 'string' ? req.t(e) : req.t(e.key, e.params);
    res.locals.values = {};
    res.locals.flash = null;
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    res.locals.formatDate = (value: string | Date) => formatDate(req.locale, value);
    res.locals.formatDateTime = (value: Date) => formatDateTime(req.locale, value);
    res.locals.formatMoney = (cents: number, currency = 'MXN') => formatMoney(req.locale, cents, currency);
    next();
  };
}

/**
 * For pages that open a session (the sign-in form): make the CSRF token and save the session
 * before the page is sent, so the page fails with 503 instead of carrying a token no session holds.
 */
export async function saveFormSession(req: Express.Request, res: { locals: Record<string, unknown> }): Promise<void> {
  (res.locals.csrf as () => string)();
  await saveSession(req);
}

export function setFlash(
  req: Express.Request,
  key: string,
  params?: Record<string, string>,
  kind: 'success' | 'error' = 'success',
): void {
  req.session.flash = { kind, key, params };
}
