import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LOCKS } from '../../src/db/advisory-lock';
import { createDb, type Db } from '../../src/db/knex';
import { migrateUnderLock, pendingMigrations, prepareSchema, SchemaBehindError } from '../../src/db/migrate-lock';
import { databaseUrl } from '../helpers/db';

/** An empty database (not the migrated template): what N processes find at a first deploy. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cuentas_empty_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.CUENTAS_TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: databaseUrl(name),
    async drop() {
      const c = new pg.Client({ connectionString: process.env.CUENTAS_TEST_SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe('migrations when several processes start at once', () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  let pools: Db[];

  beforeEach(async () => {
    database = await emptyDatabase();
    // One pool per "process": advisory locks belong to sessions, so these compete like processes do.
    pools = Array.from({ length: 4 }, () => createDb(database.url, { poolMax: 3 }));
  });

  afterEach(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await database.drop();
  });

  test('four at once: every one succeeds, each migration is applied exactly once', async () => {
    const results = await Promise.allSettled(pools.map((db) => migrateUnderLock(db)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    const rows = await pools[0]('knex_migrations').select('name');
    expect(rows.length).toBeGreaterThan(20);
    // Exactly one of them did the work; together they applied each migration once.
    expect(applied.sort()).toEqual(rows.map((r) => r.name as string).sort());
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    expect(await pendingMigrations(pools[1])).toEqual([]);
  });

  test('a process that finds another one migrating waits for it, then has nothing left to do', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = pools[0].transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [LOCKS.migrate]);
      await released;
    });
    await new Promise((r) => setTimeout(r, 200));
    const waiting = migrateUnderLock(pools[1]);
    await new Promise((r) => setTimeout(r, 1000));
    try {
      expect(await pools[2].schema.hasTable('knex_migrations')).toBe(false);
    } finally {
      release();
      await holder;
    }
    expect((await waiting).length).toBeGreaterThan(20);
    expect(await pendingMigrations(pools[2])).toEqual([]);
  });

  test('production (MIGRATE_ON_START=false) refuses to start on an older schema and names the step to run', async () => {
    await expect(prepareSchema({ migrateOnStart: false }, pools[0])).rejects.toThrow(SchemaBehindError);
    await expect(prepareSchema({ migrateOnStart: false }, pools[0])).rejects.toThrow(/npm run db:migrate/);
    expect(await pools[0].schema.hasTable('users')).toBe(false);
    await migrateUnderLock(pools[1]);
    await expect(prepareSchema({ migrateOnStart: false }, pools[0])).resolves.toEqual([]);
  });
});
