import type { Config } from '../config';
import { LOCKS, withAdvisoryLock } from './advisory-lock';
import type { Db } from './knex';
import { migrateLatest, migrationConfig } from './migrations';

/**
 * Applies the pending migrations. Any number of processes may call this at once (N web processes
 * and workers starting together): one migrates while the others wait for the advisory lock, then
 * find nothing left to do. Without the lock, knex's own lock table makes the losers fail outright.
 */
export async function migrateUnderLock(db: Db): Promise<string[]> {
  const result = await withAdvisoryLock(db, LOCKS.migrate, () => migrateLatest(db), { wait: true });
  return result.ran ? result.value : [];
}

/** Migrations this release has that the database has not applied yet (file names). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const [, pending] = (await db.migrate.list(migrationConfig())) as [unknown[], string[]];
  return pending;
}

export class SchemaBehindError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database is ${pending.length} migration(s) behind this release: run \`npm run db:migrate\` before ` +
        'starting it (or set MIGRATE_ON_START=true to let processes migrate as they start).',
    );
  }
}

/**
 * The schema as a process starts: migrated under the lock (development, or MIGRATE_ON_START=true);
 * otherwise (production) migrations belong to the deploy step, and a process refuses to serve on an
 * older schema than its code expects.
 */
export async function prepareSchema(config: Pick<Config, 'migrateOnStart'>, db: Db): Promise<string[]> {
  if (config.migrateOnStart) return migrateUnderLock(db);
  const pending = await pendingMigrations(db);
  if (pending.length) throw new SchemaBehindError(pending);
  return [];
}
