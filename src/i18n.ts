import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Spanish has a third plural form, `many` (exact millions: «1 000 000 de facturas»), which reads as
 * `other` here; without `_many` i18next would print the bare key. Every `_other` lends it its text.
 */
function withManyForms(node: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(node)) {
    if (value && typeof value === 'object') withManyForms(value as Record<string, unknown>);
    else if (key.endsWith('_other')) node[`${key.slice(0, -'_other'.length)}_many`] ??= value;
  }
  return node;
}

function readLocale(root: string, locale: Locale): Record<string, unknown> {
  return withManyForms(
    JSON.parse(fs.readFileSync(path.join(root, 'src', 'locales', `${locale}.json`), 'utf8')) as Record<string, unknown>,
  );
}

/** One i18next instance for the app; strings live in src/locales/<locale>.json. */
export function createI18n(projectRoot: string): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: readLocale(projectRoot, l) }])),
    // EJS escapes every value it prints; escaping here too would print &amp;lt;
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export type Translate = TFunction;
