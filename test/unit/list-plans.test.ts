import { contactsPage } from '../../src/models/contacts';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount } from '../helpers/factories';

/**
 * A list page runs as a prepared statement so that PostgreSQL plans it once per connection, not on
 * every visit. It only can when the statement's plan does not hang on its values: a bound LIMIT
 * (`LIMIT $3`) kept the generic plan from knowing how few rows are wanted, and PostgreSQL planned
 * the page afresh on every execution (issue 24; counted in pg_prepared_statements, never timed).
 */
let database: TestDatabase;
let accountId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  accountId = await createAccount(db, { name: 'Lista Larga' });
  await db.raw(
    `INSERT INTO contacts (account_id, first_name, last_name, email, email_types)
     SELECT ?, 'Contacto', 'Apellido ' || lpad(g::text, 6, '0'), 'c' || g || '@example.test', '{general}'
       FROM generate_series(1, 20000) g`,
    [accountId],
  );
  await db.raw('ANALYZE contacts');
});
afterAll(() => database.drop());

test('the contacts page is planned once per connection, then runs on its generic plan', async () => {
  await database.db.transaction(async (trx) => {
    for (let i = 0; i < 12; i++) expect((await contactsPage(trx, accountId, {})).rows).toHaveLength(25);
    const { rows } = await trx.raw<{ rows: { generic_plans: number; custom_plans: number; statement: string }[] }>(
      `SELECT generic_plans, custom_plans, statement FROM pg_prepared_statements WHERE statement LIKE '%from "contacts" as "c"%'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].statement).toMatch(/limit 26\b/i);
    expect(rows[0].generic_plans).toBeGreaterThan(0);
  });
});
