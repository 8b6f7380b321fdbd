import { clearLimit, currentHits, hitLimit, pruneLimits } from '../../src/services/rate-limits';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createRateLimit } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it('counts hits in a window shared through PostgreSQL, and starts over when it passes', async () => {
  const { db } = database;
  expect((await currentHits(db, 'k')).hits).toBe(0);
  expect((await hitLimit(db, 'k', 60)).hits).toBe(1);
  const second = await hitLimit(db, 'k', 60);
  expect(second.hits).toBe(2);
  expect(second.resetAt.getTime()).toBeGreaterThan(Date.now());
  expect((await currentHits(db, 'k')).hits).toBe(2);

  await createRateLimit(db, 'k', { hits: 2, resetInSeconds: -1 });
  expect((await currentHits(db, 'k')).hits).toBe(0);
  expect((await hitLimit(db, 'k', 60)).hits).toBe(1);

  await clearLimit(db, 'k');
  expect((await currentHits(db, 'k')).hits).toBe(0);
});

it('counts concurrent hits exactly', async () => {
  const { db } = database;
  await Promise.all(Array.from({ length: 20 }, () => hitLimit(db, 'busy', 60)));
  expect((await currentHits(db, 'busy')).hits).toBe(20);
});

it('prunes windows long past', async () => {
  const { db } = database;
  await createRateLimit(db, 'old', { hits: 3, resetInSeconds: -2 * 3600 });
  expect(await pruneLimits(db)).toBeGreaterThanOrEqual(1);
  expect(await db('rate_limits').where({ key: 'old' }).first()).toBeUndefined();
});
