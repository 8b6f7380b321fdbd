import { randomBytes } from 'node:crypto';
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

  expect(await pruneExpired(db)).toEqual({
    sessions: 1,
    limits: 1,
    idempotencyKeys: 1,
    webhookDeliveries: 0,
    webhookEvents: 0,
  });
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
  expect(await pruneExpired(db)).toEqual({
    sessions: 1,
    limits: 0,
    idempotencyKeys: 0,
    webhookDeliveries: 0,
    webhookEvents: 0,
  });
});

it('deletes finished webhook deliveries and the events left without one past the retention, in batches', async () => {
  const { db } = database;
  const accountId = await createAccount(db, { kind: 'reseller' });
  const [sub] = await db('webhook_subscriptions')
    .insert({
      account_id: accountId,
      url: 'https://hooks.example/cuentas',
      events: ['account.updated'],
      include_descendants: false,
      secret_ciphertext: 'sealed',
    })
    .returning('id');
  /** An event `daysAgo` old, with one delivery in `status` (none: nobody was subscribed). */
  const event = async (daysAgo: number, status: string | null) => {
    const createdAt = new Date(Date.now() - daysAgo * 86_400_000);
    const [row] = await db('webhook_events')
      .insert({
        public_id: `evt_${randomBytes(12).toString('base64url')}`,
        type: 'account.updated',
        account_id: accountId,
        data: { id: accountId },
        created_at: createdAt,
      })
      .returning('id');
    if (status)
      await db('webhook_deliveries').insert({
        event_id: row.id,
        subscription_id: sub.id,
        status,
        created_at: createdAt,
      });
    return row.id as number;
  };
  const old = [
    await event(31, 'delivered'),
    await event(40, 'delivered'),
    await event(45, 'delivered'),
    await event(50, 'failed'),
    await event(60, null),
  ];
  const waiting = await event(60, 'pending');
  const recent = [await event(29, 'delivered'), await event(1, 'failed'), await event(2, null)];

  expect(await pruneExpired(db, { webhookRetentionDays: 30, batchSize: 2 })).toMatchObject({
    webhookDeliveries: 4,
    webhookEvents: 5,
  });
  const events = (await db('webhook_events').where({ account_id: accountId }).orderBy('id').pluck('id')).map(Number);
  expect(events).toEqual([waiting, ...recent]);
  expect(old.some((id) => events.includes(id))).toBe(false);
  const deliveries = await db('webhook_deliveries').where({ subscription_id: sub.id }).orderBy('id').select('status');
  expect(deliveries.map((d: { status: string }) => d.status)).toEqual(['pending', 'delivered', 'failed']);
  // A shorter retention reaches the recent ones too.
  expect(await pruneExpired(db, { webhookRetentionDays: 1, batchSize: 2 })).toMatchObject({
    webhookDeliveries: 2,
    webhookEvents: 3,
  });
});
