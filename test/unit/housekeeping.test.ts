import { LOCKS } from '../../src/db/advisory-lock';
import { pruneExpired } from '../../src/services/housekeeping';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createRateLimit, createSessionRow } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function remaining() {
  const { db } = database;
  return {
    sessions: (await db('session').orderBy('sid').pluck('sid')) as string[],
    limits: (await db('rate_limits').orderBy('key').pluck('key')) as string[],
  };
}

it('deletes expired sessions and long-ended rate-limit windows, and keeps the live ones', async () => {
  const { db } = database;
  await createSessionRow(db, 'expired', -60);
  await createSessionRow(db, 'live', 600);
  await createRateLimit(db, 'ended', { hits: 3, resetInSeconds: -2 * 3600 });
  await createRateLimit(db, 'open', { hits: 3, resetInSeconds: 60 });
  const accountId = await createAccount(db, { kind: 'platform' });
  for (const [key, hoursAgo] of [
    ['old', 25],
    ['recent', 23],
  ] as const)
    await db('idempotency_keys').insert({
      account_id: accountId,
      key,
      request_hash: Buffer.alloc(32),
      created_at: db.raw(`now() - interval '${hoursAgo} hours'`),
    });

  expect(await pruneExpired(db)).toEqual({ sessions: 1, limits: 1, idempotencyKeys: 1 });
  expect(await remaining()).toEqual({ sessions: ['live'], limits: ['open'] });
  expect(await db('idempotency_keys').pluck('key')).toEqual(['recent']);
});

it('skips its turn while another process holds the housekeeping lock, and deletes nothing', async () => {
  const { db } = database;
  await createSessionRow(db, 'expired-again', -60);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const other = db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [LOCKS.housekeeping]);
    await released;
  });
  await new Promise((r) => setTimeout(r, 200));
  try {
    expect(await pruneExpired(db)).toBeNull();
    expect((await remaining()).sessions).toContain('expired-again');
  } finally {
    release();
    await other;
  }
  expect(await pruneExpired(db)).toEqual({ sessions: 1, limits: 0, idempotencyKeys: 0 });
});
