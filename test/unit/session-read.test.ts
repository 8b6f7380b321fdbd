import pg from 'pg';
import { loadCurrent } from '../../src/models/memberships';
import { readSession } from '../../src/models/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createMember, createSessionRow } from '../helpers/factories';

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('reading a session with its signed-in user in one statement', () => {
  it('gives the same user and membership as reading them apart', async () => {
    const { db } = database;
    const member = await createMember(db, { role: 'admin' });
    await createSessionRow(db, 'signed-in', 600, { userId: member.id, accountId: member.accountId, userVersion: 1 });

    const read = await readSession(pool, 'signed-in', Date.now());

    expect(read?.sess).toMatchObject({ userId: member.id, accountId: member.accountId });
    expect(read?.accountId).toBe(member.accountId);
    expect(read?.current).toEqual(await loadCurrent(db, member.id, member.accountId));
    expect(read?.current).toMatchObject({ id: member.id, role: 'admin', membership_usable: true });
  });

  it('reads a user who has not picked an account yet, with no membership', async () => {
    const { db } = database;
    const member = await createMember(db);
    await createSessionRow(db, 'no-account', 600, { userId: member.id, accountId: null });

    const read = await readSession(pool, 'no-account', Date.now());

    expect(read?.accountId).toBe(0);
    expect(read?.current).toEqual(await loadCurrent(db, member.id, null));
    expect(read?.current?.membership_id).toBeNull();
  });

  it('has no user for a session before sign-in, and nothing for an expired or unknown one', async () => {
    await createSessionRow(database.db, 'anonymous', 600, { csrfToken: 'x' });
    await createSessionRow(database.db, 'expired', -60, { csrfToken: 'x' });

    expect(await readSession(pool, 'anonymous', Date.now())).toMatchObject({ current: null });
    expect(await readSession(pool, 'expired', Date.now())).toBeNull();
    expect(await readSession(pool, 'unknown', Date.now())).toBeNull();
  });
});
