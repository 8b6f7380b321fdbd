import path from 'node:path';
import type { Resource } from 'i18next';
import { createI18n, fastTranslator, i18nFromResources, LOCALES, translators } from '../../src/i18n';

const root = path.resolve(__dirname, '../..');

function leaves(obj: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, String(v)]],
  );
}

// Awkward values on purpose: replacement patterns, braces, nesting syntax, numbers, null.
const VALUES: unknown[] = ['Ana', '$& $1 $$', '{{name}}', '$t(nav.main.home)', '<b>&</b>', 7, 0, null, true];

describe('fast translators answer exactly as i18next', () => {
  const i18n = createI18n(root);

  it.each(LOCALES)('every string of %s, with and without its variables', (locale) => {
    const fast = fastTranslator(i18n, locale);
    const slow = i18n.getFixedT(locale);
    const strings = leaves(i18n.getResourceBundle(locale, 'translation') as Record<string, unknown>);
    expect(strings.length).toBeGreaterThan(100);
    for (const [key, text] of strings) {
      expect(fast(key)).toBe(slow(key));
      const names = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      if (!names.length) continue;
      for (const value of VALUES) {
        const options = Object.fromEntries(names.map((n) => [n, value]));
        expect(fast(key, options)).toBe(slow(key, options));
      }
      // Only some variables passed, one passed as undefined.
      const partial = { [names[0]]: undefined };
      expect(fast(key, partial)).toBe(slow(key, partial));
    }
  });

  it('falls back to Spanish, and to i18next for what it does not do itself', () => {
    const resources: Resource = {
      es: {
        translation: { only_es: 'Sólo {{what}}', nested: 'Ver $t(only_es)', fmt: '{{n, number}}', obj: { a: 'x' } },
      },
      en: { translation: {} },
    };
    const instance = i18nFromResources(resources);
    const fast = fastTranslator(instance, 'en');
    const slow = instance.getFixedT('en');
    for (const [key, options] of [
      ['only_es', { what: 'español' }],
      ['nested', undefined],
      ['fmt', { n: 1234.5 }],
      ['obj', undefined],
      ['missing.key', undefined],
      ['only_es', { what: 'x', lng: 'es' }],
      ['missing.key', { defaultValue: 'por defecto' }],
    ] as const) {
      expect(fast(key, options)).toBe(slow(key, options));
    }
  });

  it('picks plural forms as i18next does: _zero, then the language rule, then the bare key', () => {
    const resources: Resource = {
      es: {
        translation: {
          items_one: '{{count}} elemento',
          items_other: '{{count}} elementos',
          items_many: '{{count}} de elementos',
          seats_zero: 'ningún asiento',
          seats_one: 'un asiento',
          seats_other: '{{count}} asientos',
          bare: '{{count}} cosas',
          only_es_one: 'uno (es)',
          only_es_other: 'varios (es)',
        },
      },
      en: {
        translation: { items_one: '{{count}} item', items_other: '{{count}} items', seats_other: '{{count}} seats' },
      },
    };
    const instance = i18nFromResources(resources);
    for (const locale of LOCALES) {
      const fast = fastTranslator(instance, locale);
      const slow = instance.getFixedT(locale);
      for (const key of ['items', 'seats', 'bare', 'only_es'])
        // Each count twice: the second answer comes from the plural categories kept per language.
        for (const count of [0, 1, 2, 5, 999, 1000, 1_000_000, 2_000_000, 1.5, -1, -0, '3', 0, 1, 5, 999, 1_000_000])
          expect(fast(key, { count })).toBe(slow(key, { count }));
    }
  });

  it('builds the translators of an instance once', () => {
    const i18n2 = createI18n(root);
    expect(translators(i18n2)).toBe(translators(i18n2));
    expect(translators(i18n2).en('layout.skip_to_content')).toBe(i18n2.getFixedT('en')('layout.skip_to_content'));
  });
});
