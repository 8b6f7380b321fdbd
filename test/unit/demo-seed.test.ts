import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../../seeds/demo';
import { verifySecret } from '../../src/services/passwords';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it('loads the demo once, with every documented login, and refuses production', async () => {
  const { db } = database;
  await expect(seedDemo(db, 'production')).rejects.toThrow(/production/);
  expect(await db('users').count('* as n').first()).toEqual({ n: 0 });

  expect(await seedDemo(db, 'development')).toBe(true);
  expect(await seedDemo(db, 'development')).toBe(false);
  expect(await db('accounts').where({ name: 'ABC Company' }).count('* as n').first()).toEqual({ n: 1 });

  for (const login of DEMO_LOGINS) {
    const user = await db('users').where({ email: login.email }).first();
    expect(await verifySecret(DEMO_PASSWORD, user.password_hash)).toBe(true);
    const active = await db('memberships')
      .where({ user_id: user.id })
      .whereNotNull('accepted_at')
      .whereNull('blocked_at');
    expect(active.length).toBeGreaterThan(0);
  }
  const consultant = await db('users').where({ email: 'consultor@abc.example' }).first();
  expect(await db('memberships').where({ user_id: consultant.id }).count('* as n').first()).toEqual({ n: 2 });
  const abc = await db('accounts').where({ name: 'ABC Company' }).first();
  expect(await db('account_numbers').where({ account_id: abc.id }).count('* as n').first()).toEqual({ n: 3 });

  // «Usuarios» and «Contactos/Sub-cuentas» are two views of one set of people: every portal user of
  // an account has a contact record there, with the same e-mail.
  const withoutContact = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .leftJoin('contacts as c', function sameAccount() {
      this.on('c.account_id', '=', 'm.account_id').andOn('c.user_id', '=', 'm.user_id');
    })
    .where((w) => void w.whereNull('c.id').orWhereRaw('c.email <> u.email'))
    .select('u.email', 'a.name');
  expect(withoutContact).toEqual([]);
});
