import { plainIpv4 } from '../../src/middleware/client-ip';
import { up as backfill } from '../../migrations/20261201100004_backfill_plain_ipv4_in_audit_events';
import { createTestDatabase } from '../helpers/db';

it('takes an IPv4-mapped address back to IPv4, and leaves every other address alone', () => {
  expect(plainIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
  expect(plainIpv4('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  expect(plainIpv4('127.0.0.1')).toBe('127.0.0.1');
  expect(plainIpv4('::1')).toBe('::1');
  expect(plainIpv4('2001:db8::1')).toBe('2001:db8::1');
  expect(plainIpv4('::ffff:abcd')).toBe('::ffff:abcd');
  expect(plainIpv4(undefined)).toBeUndefined();
});

it('backfills the events recorded before, once and idempotently', async () => {
  const database = await createTestDatabase();
  try {
    const { db } = database;
    await db('audit_events').insert(
      ['::ffff:10.0.0.1', '::1', '198.51.100.2', ''].map((ip) => ({ action: 'auth.logout', ip, metadata: '{}' })),
    );
    await backfill(db);
    await backfill(db);
    expect((await db('audit_events').orderBy('id').select('ip')).map((r: { ip: string }) => r.ip)).toEqual([
      '10.0.0.1',
      '::1',
      '198.51.100.2',
      '',
    ]);
  } finally {
    await database.drop();
  }
});
