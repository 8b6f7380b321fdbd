import { prepared } from '../../src/db/knex';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount } from '../helpers/factories';

/**
 * `prepared()` compiles a query once and hands knex that statement with a name: the answers must be
 * exactly those of the same query run plainly (rows, first row, raw result), inside a transaction
 * too, and the server must hold it as a named statement.
 */
let database: TestDatabase;
let accountId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = await createAccount(database.db, { name: 'Prepared Co' });
});
afterAll(() => database.drop());

const byId = (id: number) => database.db('accounts').where({ id }).select('id', 'name');

test('rows, a first row and a raw result are the same as unprepared', async () => {
  const { db } = database;
  expect(await prepared(byId(accountId))).toEqual(await byId(accountId));
  expect(await prepared(db('accounts').where({ id: accountId }).first('name'))).toEqual({ name: 'Prepared Co' });
  expect(await prepared(db('accounts').where({ id: -1 }).first('name'))).toBeUndefined();
  const raw = await prepared(db.raw<{ rows: { n: number }[] }>('SELECT ?::int + 1 AS n', [41]));
  expect(raw.rows).toEqual([{ n: 42 }]);
});

test('each run binds its own values to the one named statement', async () => {
  const { db } = database;
  const other = await createAccount(db, { name: 'Other Co' });
  const [a, b] = await Promise.all([prepared(byId(accountId)), prepared(byId(other))]);
  expect(a).toEqual([{ id: accountId, name: 'Prepared Co' }]);
  expect(b).toEqual([{ id: other, name: 'Other Co' }]);
  await db.transaction(async (trx) => {
    const statements = await prepared(
      trx.raw<{ rows: { name: string }[] }>(
        "SELECT name FROM pg_prepared_statements WHERE name LIKE 'p\\_%' AND statement LIKE ? ",
        ['%pg_prepared_statements%'],
      ),
    );
    // The statement that asked is itself prepared on this connection, under its hash name.
    expect(statements.rows).toHaveLength(1);
    expect(statements.rows[0]?.name).toMatch(/^p_[\w-]{22}$/);
  });
});
