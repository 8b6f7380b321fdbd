import pg from 'pg';
import { loadCurrent } from '../../src/models/memberships';
import { readSession } from '../../src/models/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createMember } from '../helpers/factories';

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

async function storeSession(sid: string, sess: Record<string, unknown>, expiresInSeconds = 600) {
  const { db } = database;
  await db('session').insert({
    sid,
    sess: JSON.stringify({ cookie: { path: '/' }, ...sess }),
    expire: db.raw('now() + make_interval(secs => ?)', [expiresInSeconds]),
  });
}

describe('reading a session with its signed-in user in one statement', () => {
  it('gives the same user and membership as reading them apart', async () => {
    const { db } = database;
    const member = await createMember(db, { role: 'admin' });
    await storeSession('signed-in', { userId: member.id, accountId: member.accountId, userVersion: 1 });

    const read = await readSession(pool, 'signed-in', Date.now());

    expect(read?.sess).toMatchObject({ userId: member.id, accountId: member.accountId });
    expect(read?.accountId).toBe(member.accountId);
    expect(read?.current).toEqual(await loadCurrent(db, member.id, member.accountId));
    expect(read?.current).toMatchObject({ id: member.id, role: 'admin', membership_usable: true });
  });

  it('reads a user who has not picked an account yet, with no membership', async () => {
    const { db } = database;
    const member = await createMember(db);
    await storeSession('no-account', { userId: member.id, accountId: null });

    const read = await readSession(pool, 'no-account', Date.now());

    expect(read?.accountId).toBe(0);
    expect(read?.current).toEqual(await loadCurrent(db, member.id, null));
    expect(read?.current?.membership_id).toBeNull();
  });

  it('has no user for a session before sign-in, and nothing for an expired or unknown one', async () => {
    await storeSession('anonymous', { csrfToken: 'x' });
    await storeSession('expired', { csrfToken: 'x' }, -60);

    expect(await readSession(pool, 'anonymous', Date.now())).toMatchObject({ current: null });
    expect(await readSession(pool, 'expired', Date.now())).toBeNull();
    expect(await readSession(pool, 'unknown', Date.now())).toBeNull();
  });
});
