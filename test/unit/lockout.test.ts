import {
  clearCredentialFailures,
  currentPasswordAccepted,
  ipRetryAfter,
  isEmailLocked,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  recordCredentialFailure,
} from '../../src/services/lockout';
import { hashSecret } from '../../src/services/passwords';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createRateLimit } from '../helpers/factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
afterEach(() => database.db('rate_limits').delete());

it('locks an address at the fifth failure, whichever client address they came from', async () => {
  const { db } = database;
  for (let i = 1; i < MAX_FAILURES_PER_EMAIL; i++) {
    await recordCredentialFailure(db, 'ana@example.test', `198.51.100.${i}`);
    expect(await isEmailLocked(db, 'ana@example.test')).toBe(false);
  }
  await recordCredentialFailure(db, 'ana@example.test', '198.51.100.99');
  expect(await isEmailLocked(db, 'ana@example.test')).toBe(true);
  expect(await isEmailLocked(db, 'otra@example.test')).toBe(false);

  await clearCredentialFailures(db, 'ana@example.test');
  expect(await isEmailLocked(db, 'ana@example.test')).toBe(false);
});

it('makes a client address wait once it has failed too often, over any e-mail addresses', async () => {
  const { db } = database;
  for (let i = 1; i < MAX_FAILURES_PER_IP; i++) await recordCredentialFailure(db, `p${i}@example.test`, '192.0.2.1');
  expect(await ipRetryAfter(db, '192.0.2.1')).toBe(0);
  await recordCredentialFailure(db, 'ultima@example.test', '192.0.2.1');
  const wait = await ipRetryAfter(db, '192.0.2.1');
  expect(wait).toBeGreaterThan(14 * 60);
  expect(wait).toBeLessThanOrEqual(15 * 60);
  expect(await ipRetryAfter(db, '192.0.2.2')).toBe(0);
});

it('forgets failures once the window has passed', async () => {
  const { db } = database;
  await createRateLimit(db, 'login:email:ana@example.test', { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: -1 });
  expect(await isEmailLocked(db, 'ana@example.test')).toBe(false);
});

describe('currentPasswordAccepted', () => {
  let passwordHash: string;
  beforeAll(async () => {
    passwordHash = await hashSecret('la contraseña de siempre');
  });
  const user = () => ({ email: 'ana@example.test', passwordHash });

  it('accepts the right password without counting anything', async () => {
    expect(await currentPasswordAccepted(database.db, user(), 'la contraseña de siempre', '192.0.2.9')).toBe(true);
    expect(await database.db('rate_limits').count('* as n').first()).toEqual({ n: 0 });
  });

  it('counts a wrong password toward both the address and the client', async () => {
    expect(await currentPasswordAccepted(database.db, user(), 'otra', '192.0.2.9')).toBe(false);
    const keys = await database.db('rate_limits').orderBy('key').pluck('key');
    expect(keys).toEqual(['login:email:ana@example.test', 'login:ip:192.0.2.9']);
  });

  it('refuses the right password while the address is locked, and counts that too', async () => {
    const { db } = database;
    await createRateLimit(db, 'login:email:ana@example.test', { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 60 });
    expect(await currentPasswordAccepted(db, user(), 'la contraseña de siempre', '192.0.2.9')).toBe(false);
    expect((await db('rate_limits').where({ key: 'login:email:ana@example.test' }).first()).hits).toBe(
      MAX_FAILURES_PER_EMAIL + 1,
    );
  });

  it('costs a comparison and refuses when the user has no password', async () => {
    expect(
      await currentPasswordAccepted(database.db, { email: 'x@example.test', passwordHash: null }, 'x', undefined),
    ).toBe(false);
  });
});
