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

  // The Accounts Manager: a platform admin and an agent; Acme's pool partly allocated; ledgers.
  const roles = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where('a.kind', 'platform')
    .orderBy('u.email')
    .select('u.email', 'm.role');
  expect(roles).toEqual([
    { email: 'plataforma@cuentas.example', role: 'owner' },
    { email: 'soporte@cuentas.example', role: 'member' },
  ]);
  const acme = await db('accounts').where({ name: 'Acme Telecom' }).first();
  expect([acme.pool_inbound_trunks, acme.pool_outbound_trunks, acme.pool_twoway_trunks]).toEqual([50, 50, 20]);
  const held = await db('accounts')
    .where({ parent_id: acme.id })
    .first(db.raw('sum(inbound_trunks)::int AS inbound'), db.raw('count(*)::int AS n'));
  expect(held).toEqual({ inbound: 14, n: 2 });
  const balances = await db('credit_entries as e')
    .join('accounts as a', 'a.id', 'e.account_id')
    .groupBy('a.name')
    .orderBy('a.name')
    .select('a.name', db.raw('sum(e.amount_cents)::int AS balance'));
  expect(balances).toEqual([
    { name: 'ABC Company', balance: 374950 },
    { name: 'Delta Hosting', balance: 262500 },
  ]);
});

it('turns an earlier demo (the agent as the platform owner) into today’s, once', async () => {
  const { db } = database;
  const admin = await db('users').where({ email: 'plataforma@cuentas.example' }).first('id');
  await db('memberships').where({ user_id: admin.id }).delete();
  await db('contacts').where({ user_id: admin.id }).delete();
  await db('users').where({ id: admin.id }).delete();
  const agent = await db('users').where({ email: 'soporte@cuentas.example' }).first('id');
  await db('memberships').where({ user_id: agent.id }).update({ role: 'owner' });

  expect(await seedDemo(db, 'development')).toBe(false);
  expect(await db('memberships').where({ user_id: agent.id }).first('role')).toEqual({ role: 'member' });
  const restored = await db('users').where({ email: 'plataforma@cuentas.example' }).first('id');
  expect(await db('memberships').where({ user_id: restored.id }).first('role')).toEqual({ role: 'owner' });
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
