import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS } from '../../src/domain/audit-actions';

const root = path.resolve(__dirname, '../..');
const load = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'src/locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
const es = load('es');
const en = load('en');

function leaves(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : full.endsWith(ext) ? [full] : [];
  });
}

it('has the same keys in Spanish and English, none empty', () => {
  expect(leaves(en).sort()).toEqual(leaves(es).sort());
  for (const key of leaves(es)) {
    const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], es);
    expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
  }
});

it('labels every audit action in both languages', () => {
  const actions = (es.activity as { actions: Record<string, string> }).actions;
  const missing = AUDIT_ACTIONS.filter((a) => !actions[a.replace('.', '__')]);
  expect(missing).toEqual([]);
});

it('says plurals with i18next plural forms, never «(s)»', () => {
  const keys = leaves(es);
  for (const [name, locale] of [
    ['es', es],
    ['en', en],
  ] as const) {
    const valueOf = (key: string) =>
      String(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], locale));
    expect(
      leaves(locale)
        .filter((key) => /\w\((s|es)\)/.test(valueOf(key)))
        .map((key) => `${name}: ${key}`),
    ).toEqual([]);
  }
  // Every plural has its general form.
  expect(keys.filter((k) => k.endsWith('_one') && !keys.includes(k.replace(/_one$/, '_other')))).toEqual([]);
});

it('defines every literal key the views and the code use', () => {
  // A plural (key_one, key_other…) is asked for by its base key with a count.
  const known = new Set([...leaves(es), ...leaves(es).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ''))]);
  const sources = [...filesUnder(path.join(root, 'views'), '.ejs'), ...filesUnder(path.join(root, 'src'), '.ts')];
  const missing: string[] = [];
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    // t('a.b.c'), and message keys written as plain strings: 'errors.x.y', 'flash.x'
    for (const m of text.matchAll(/\bt\(\s*'([a-z_]+(?:\.[a-z0-9_]+)+)'/g))
      if (!known.has(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
    for (const m of text.matchAll(/'((?:errors|flash)\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g))
      if (!known.has(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
  }
  expect(missing).toEqual([]);
});

it('uses every key it defines', () => {
  const sources = [...filesUnder(path.join(root, 'views'), '.ejs'), ...filesUnder(path.join(root, 'src'), '.ts')];
  const text = sources.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  const literal = new Set(text.match(/[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+/g));
  const words = new Set(text.match(/\w+/g));
  // Keys built at run time, as t('sections.' + key + '.label') or `errors.${form}.${field}.${rule}`:
  // their prefix is read from the code itself, so a new one needs no list. Each word after the prefix
  // must still appear in the code (an enum value, a field, a rule; an audit action as `ticket.closed`;
  // a built word such as `${mode}_hint` by its pieces), so the key of a value nothing has any more is
  // found too.
  const dynamic = [...text.matchAll(/['`]([a-z_]+(?:\.[a-z0-9_]+)*\.[a-z0-9_]*)(?:'\s*\+|\$\{)/g)].map((m) => m[1]);
  // The views' form builder labels a field `<prefix>.<name>`: formFor('customer.contacts.fields', …).
  for (const m of text.matchAll(/formFor\(\s*'([a-z_]+(?:\.[a-z0-9_]+)*)'/g)) dynamic.push(`${m[1]}.`);
  const reached = (rest: string) =>
    rest
      .split('.')
      .every(
        (part) =>
          words.has(part) || text.includes(part.replace('__', '.')) || part.split('_').every((w) => words.has(w)),
      );
  const used = (key: string) =>
    literal.has(key) || dynamic.some((prefix) => key.startsWith(prefix) && reached(key.slice(prefix.length)));
  // A plural (key_one, key_other…) is used by its base key; `too_many` is a word, not a plural.
  const keys = leaves(es);
  const baseOf = (key: string) => {
    const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
    return keys.includes(`${base}_other`) ? base : key;
  };
  expect([...new Set(keys.map(baseOf))].filter((key) => !used(key))).toEqual([]);
});
