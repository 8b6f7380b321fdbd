import pg from 'pg';
import { CONTACT_CATEGORIES, type ContactCategory } from '../../src/domain/mail-categories';
import { recipientsWithLocales } from '../../src/models/contacts';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createContactRow, createUser } from '../helpers/factories';

/**
 * Who receives a category of mail (issue 19: the «Facturas» contacts of every invoice the billing
 * feed writes) is a handful of a big account's contacts: the query must find them through the
 * category's own index, not by walking the account's other contacts. Plans are checked, never times.
 */
let database: TestDatabase;
let accountId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  accountId = await createAccount(db);
  // A big account: thousands of contacts with only «Generales».
  await db.raw(
    `INSERT INTO contacts (account_id, first_name, last_name, email, email_types)
     SELECT ?, 'Contacto', 'Apellido ' || g, 'general' || g || '@example.test', '{general}'
       FROM generate_series(1, 5000) g`,
    [accountId],
  );
  const login = await createUser(db, { email: 'factura-en@example.test', password: null });
  await db('users').where({ id: login.id }).update({ locale: 'en' });
  await createContactRow(db, accountId, { email: 'factura-en@example.test', emailTypes: ['general', 'invoice'] });
  await createContactRow(db, accountId, { email: 'factura@example.test', emailTypes: ['invoice'] });
  for (const category of CONTACT_CATEGORIES.filter((c) => c !== 'general' && c !== 'invoice'))
    await createContactRow(db, accountId, { email: `${category}@example.test`, emailTypes: [category] });
  await db.raw('ANALYZE contacts');
});
afterAll(() => database.drop());

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const indexesOf = (node: PlanNode): string[] => [
  ...(node['Index Name'] ? [node['Index Name']] : []),
  ...(node.Plans ?? []).flatMap(indexesOf),
];

/** The statement recipientsWithLocales sends, and the indexes on contacts its plan reads. */
async function planOf(category: ContactCategory): Promise<string[]> {
  const { db } = database;
  const sent: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', listener);
  try {
    await recipientsWithLocales(db, accountId, category);
  } finally {
    db.off('query', listener);
  }
  expect(sent).toHaveLength(1);
  // The statement as it was sent ($1, $2…), explained by a plain client.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const explained = await client
    .query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sent[0].sql}`, sent[0].bindings)
    .finally(() => client.end());
  return indexesOf(explained.rows[0]['QUERY PLAN'][0].Plan).filter((name) => name.startsWith('contacts_'));
}

describe('the recipients of a category of mail', () => {
  it('are the contacts who chose it, each with the language of their login', async () => {
    expect(await recipientsWithLocales(database.db, accountId, 'invoice')).toEqual([
      { email: 'factura-en@example.test', locale: 'en' },
      { email: 'factura@example.test', locale: null },
    ]);
    expect(await recipientsWithLocales(database.db, accountId, 'domain')).toEqual([
      { email: 'domain@example.test', locale: null },
    ]);
    expect(await recipientsWithLocales(database.db, accountId, 'general')).toHaveLength(5001);
  });

  it('are read through the category’s own index, whatever else the account has', async () => {
    for (const category of CONTACT_CATEGORIES.filter((c) => c !== 'general'))
      expect([category, await planOf(category)]).toEqual([category, [`contacts_${category}_recipients_idx`]]);
  });

  it('refuses a category that is not one', async () => {
    await expect(recipientsWithLocales(database.db, accountId, 'billing' as ContactCategory)).rejects.toThrow(
      'not a contact category',
    );
  });
});
