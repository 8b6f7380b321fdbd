import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';

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
  return i18nFromResources(Object.fromEntries(LOCALES.map((l) => [l, { translation: readLocale(projectRoot, l) }])));
}

export function i18nFromResources(resources: Resource): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    // EJS escapes every value it prints; escaping here too would print &amp;lt;
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/**
 * A string compiled once: plain text, or text and variable names taking turns (`parts[0]`,
 * `vars[0]`, `parts[1]`…). `null`: a feature the fast path leaves to i18next (nesting, formats…).
 */
type Compiled = string | { parts: string[]; vars: string[]; raw: string[] } | null;

const VARIABLE = /\{\{(.+?)\}\}/g;
const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;

/** Options that change how i18next resolves a key; a call using any of them goes to i18next itself. */
const I18NEXT_OPTIONS = new Set([
  'lng',
  'lngs',
  'fallbackLng',
  'ns',
  'context',
  'replace',
  'ordinal',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'keySeparator',
  'nsSeparator',
  'skipInterpolation',
  'nest',
  'missingInterpolationHandler',
  'keyPrefix',
]);

function isI18nextOption(name: string): boolean {
  return I18NEXT_OPTIONS.has(name) || name.startsWith('defaultValue');
}

function compile(text: string): Compiled {
  if (text.includes('$t(')) return null;
  if (!text.includes('{{')) return text;
  const parts: string[] = [];
  const vars: string[] = [];
  const raw: string[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1].trim();
    // {{- x}}, {{x, format}}, {{a.b}}, and names i18next fills itself ({{lng}})
    if (!PLAIN_NAME.test(name) || isI18nextOption(name)) return null;
    parts.push(text.slice(last, match.index));
    vars.push(name);
    raw.push(match[0]);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return { parts, vars, raw };
}

function flatten(tree: Record<string, unknown>, into: Map<string, Compiled>, prefix = ''): void {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set(prefix + key, compile(value));
    else if (value && typeof value === 'object' && !Array.isArray(value))
      flatten(value as Record<string, unknown>, into, `${prefix}${key}.`);
  }
}

/** As i18next prints a value that is not a string: String() of it, objects included. */
function stringify(value: unknown): string {
  return String(value);
}

function interpolate(c: Exclude<Compiled, string | null>, values: Record<string, unknown>): string {
  let out = c.parts[0];
  for (let i = 0; i < c.vars.length; i++) {
    const name = c.vars[i];
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    // As i18next: a variable passed as undefined prints nothing; one not passed stays as written.
    if (value === undefined) out += Object.prototype.hasOwnProperty.call(values, name) ? '' : c.raw[i];
    else out += value === null ? '' : typeof value === 'string' ? value : stringify(value);
    out += c.parts[i + 1];
  }
  return out;
}

/**
 * A language's plural category of a count: Intl.PluralRules.select costs a few µs a call, and a
 * list asks it on every row («hace 3 días»), so the categories of the counts 0 to 999 are kept
 * once they have been asked for; any other number is asked every time.
 */
function pluralOf(rules: Intl.PluralRules): (count: number) => Intl.LDMLPluralRule {
  const known: Intl.LDMLPluralRule[] = [];
  return (count) => {
    if (!Number.isInteger(count) || count < 0 || count >= 1000) return rules.select(count);
    return (known[count] ??= rules.select(count));
  };
}

/**
 * `t` for one locale that answers from plain lookups built once: no per-call option merging,
 * resource walking or regular expressions. Keys, fallback to Spanish, plurals (`_zero`, `_one`,
 * `_other`… by Intl.PluralRules, as i18next picks them) and `{{name}}` interpolation behave as
 * i18next's; anything else (a missing key, nesting, formats, i18next's own options) is passed to
 * i18next, so the answer is always i18next's.
 */
export function fastTranslator(instance: i18n, locale: Locale): TFunction {
  const slow = instance.getFixedT(locale);
  const codes = instance.services.languageUtils.toResolveHierarchy(locale) as string[];
  const tables = codes.map((code) => {
    const table = new Map<string, Compiled>();
    const bundle = instance.getResourceBundle(code, 'translation') as Record<string, unknown> | undefined;
    if (bundle) flatten(bundle, table);
    return { table, plural: pluralOf(new Intl.PluralRules(code)) };
  });
  // Without a count, the first language in the hierarchy that has the key answers.
  const plain = new Map<string, Compiled>();
  for (const { table } of [...tables].reverse()) for (const [key, value] of table) plain.set(key, value);

  function lookup(key: string, count: unknown): Compiled | undefined {
    if (count === undefined || typeof count === 'string') return plain.get(key);
    for (const { table, plural } of tables) {
      if (count === 0 && table.has(`${key}_zero`)) return table.get(`${key}_zero`);
      const suffixed = table.get(`${key}_${plural(count as number)}`);
      if (suffixed !== undefined) return suffixed;
      if (table.has(key)) return table.get(key);
    }
    return undefined;
  }

  function t(key: unknown, options?: unknown): string {
    if (typeof key !== 'string' || key.includes(':') || (options !== undefined && typeof options !== 'object'))
      return slow(key as string, options as Record<string, unknown>);
    const values = (options ?? undefined) as Record<string, unknown> | undefined;
    if (values) {
      for (const name in values) {
        if (isI18nextOption(name)) return slow(key, values);
      }
    }
    const compiled = lookup(key, values?.count);
    if (typeof compiled === 'string') return compiled;
    if (!compiled) return slow(key, values);
    return interpolate(compiled, values ?? {});
  }
  return t as unknown as TFunction;
}

const translatorsByInstance = new WeakMap<i18n, Record<Locale, TFunction>>();

/** The fast translators of an i18next instance, one per locale, built on first use. */
export function translators(instance: i18n): Record<Locale, TFunction> {
  let found = translatorsByInstance.get(instance);
  if (!found) {
    found = Object.fromEntries(LOCALES.map((l) => [l, fastTranslator(instance, l)])) as Record<Locale, TFunction>;
    translatorsByInstance.set(instance, found);
  }
  return found;
}
