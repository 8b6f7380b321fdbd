import type { Request, RequestHandler, Response } from 'express';
import type { i18n } from 'i18next';
import { DEFAULT_LOCALE, isLocale, translators, type Locale } from '../i18n';
import { formatBytes, formatDate, formatDateTime, formatMoney } from '../formatters';
import { formKeyFor } from '../forms/form-key';
import { timeZoneGroups, timeZoneLabel } from '../domain/time-zones';
import { ACCOUNT_MENU, MAIN_NAV, visibleItems } from '../navigation';
import { formBuilder, type Message, type RenderPartial, type Translate } from '../views/form-builder';
import { changeLines } from '../views/audit-changes';
import type { Change } from '../domain/audit-changes';
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

/** Keeps a language for this browser, so that pages before signing in (and after) speak it too. */
export function rememberLocale(res: Response, locale: Locale, secure: boolean): void {
  res.cookie(LOCALE_COOKIE, locale, {
    maxAge: 365 * 24 * 3600_000,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
  });
}

/**
 * Language: the signed-in user's own (stored on the user, so their e-mail speaks it too), else the
 * visitor's choice (cookie), else Spanish.
 */
export function setUpLocale(i18n: i18n): RequestHandler {
  // Built once: i18next's own t() merges options and walks the resources on every call.
  const t = translators(i18n);
  return (req, res, next) => {
    req.locale = req.current?.locale ?? cookieLocale(req.headers.cookie) ?? DEFAULT_LOCALE;
    req.t = t[req.locale];
    res.locals.t = req.t;
    res.locals.locale = req.locale;
    next();
  };
}

/**
 * A page opened from an e-mail speaks the language the e-mail was written in (the recipient's),
 * unless the visitor chose one on this browser.
 */
export function speakRecipientLanguage(i18n: i18n, req: Request, res: Response, locale: Locale): void {
  if (req.current || cookieLocale(req.headers.cookie)) return;
  req.locale = locale;
  req.t = i18n.getFixedT(locale);
  res.locals.t = req.t;
  res.locals.locale = locale;
}

/** What every view may use. The CSRF token is made only when a form asks for it. */
export function setUpViewLocals(options: {
  served: (path: string) => boolean;
  generateCsrfToken: (req: Express.Request) => string;
  renderPartial: RenderPartial;
}): RequestHandler {
  return (req, res, next) => {
    const current = req.current;
    res.locals.current = current ?? null;
    res.locals.csrf = () => options.generateCsrfToken(req);
    res.locals.formKey = () => formKeyFor(req.body);
    res.locals.served = options.served;
    res.locals.currentPath = req.path;
    res.locals.mainNav = current?.account ? visibleItems(MAIN_NAV, current, options.served) : [];
    res.locals.accountMenu = current ? visibleItems(ACCOUNT_MENU, current, options.served) : [];
    res.locals.errors = {};
    const errorText = (e: Message) => (typeof e === 'string' ? req.t(e) : req.t(e.key, e.params));
    res.locals.errorText = errorText;
    // The language may change after this runs (a page opened from an e-mail): read it when a field is written.
    const t: Translate = (key, params) => (res.locals.t as Translate)(key, params);
    res.locals.formFor = (prefix: string, values?: Record<string, unknown>, errors?: Record<string, Message>) =>
      formBuilder({ t, errorText, render: options.renderPartial }, prefix, values, errors);
    res.locals.values = {};
    res.locals.flash = null;
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    res.locals.formatDate = (value: string | Date) => formatDate(req.locale, value);
    res.locals.formatDateTime = (value: Date) => formatDateTime(req.locale, value);
    res.locals.formatMoney = (cents: number, currency = 'MXN') => formatMoney(req.locale, cents, currency);
    res.locals.formatBytes = (bytes: number) => formatBytes(req.locale, bytes);
    // One label for a zone on every page, the select's included (src/domain/time-zones.ts).
    res.locals.timeZoneLabel = (zone: string) => timeZoneLabel(res.locals.locale as string, zone);
    res.locals.timeZoneGroups = () =>
      timeZoneGroups(res.locals.locale as string).map((g) => ({
        label: t(`time_zones.regions.${g.region}`),
        options: g.zones,
      }));
    res.locals.changeLines = (changes: Change[] | null | undefined) => changeLines(t, req.locale, changes);
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
  params?: Record<string, string | number>,
  kind: 'success' | 'error' = 'success',
): void {
  req.session.flash = { kind, key, params };
}
