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
