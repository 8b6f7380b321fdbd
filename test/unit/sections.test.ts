import fs from 'node:fs';
import path from 'node:path';
import { SECTIONS } from '../../src/domain/permissions';
import { ACCOUNT_MENU, MAIN_NAV } from '../../src/navigation';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The list of sections lives in src/domain/permissions.ts, and is repeated where it cannot be
 * imported: the CHECK constraints of two columns, the locale files and the menus
 * (docs/sections.md says where a new section goes). These tests fail when one of them drifts.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** The section names a column's CHECK constraint (named as docs/sections.md says) allows, as PostgreSQL holds it. */
async function allowedBy(table: string, column: string): Promise<string[]> {
  const { rows } = await database.db.raw<{ rows: { name: string; definition: string }[] }>(
    `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'c' AND c.conrelid = ?::regclass AND a.attname = ?`,
    [table, column],
  );
  expect(rows.map((row) => row.name)).toEqual([`${table}_${column}_check`]);
  // e.g. CHECK ((permissions <@ ARRAY['profile'::text, 'contacts'::text, …]))
  return [...rows[0].definition.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
}

describe('the sections', () => {
  it('are the ones the database allows an account to enable', async () => {
    expect(await allowedBy('accounts', 'enabled_sections')).toEqual([...SECTIONS].sort());
  });

  it('are the ones the database allows a membership to be granted', async () => {
    expect(await allowedBy('memberships', 'permissions')).toEqual([...SECTIONS].sort());
  });

  it('each have a label and a hint in Spanish and English', () => {
    for (const locale of ['es', 'en']) {
      const file = path.resolve(__dirname, '../../src/locales', `${locale}.json`);
      const words = (JSON.parse(fs.readFileSync(file, 'utf8')) as { sections: Record<string, Record<string, string>> })
        .sections;
      expect(Object.keys(words).sort()).toEqual([...SECTIONS].sort());
      for (const section of SECTIONS) {
        expect([locale, section, typeof words[section]?.label, typeof words[section]?.hint]).toEqual([
          locale,
          section,
          'string',
          'string',
        ]);
      }
    }
  });

  it('each open an entry of the main navigation or the «Hola,» menu', () => {
    const reached = new Set([...MAIN_NAV, ...ACCOUNT_MENU].map((item) => item.section));
    expect(SECTIONS.filter((section) => !reached.has(section))).toEqual([]);
  });
});
