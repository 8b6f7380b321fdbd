import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createUnboundedDb, type Db } from './knex';

/**
 * Reads migrations/ as .ts (tests, tsx) or .js (compiled), and names each migration without its
 * extension so that a database migrated by one is up to date for the other.
 */
class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  constructor(
    private readonly dir: string,
    private readonly extension: string,
  ) {}

  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(this.dir)
      .filter((file) => file.endsWith(this.extension) && !file.endsWith('.d.ts'))
      .sort();
  }

  getMigrationName(file: string): string {
    return file.slice(0, -this.extension.length);
  }

  async getMigration(file: string): Promise<Knex.Migration> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(this.dir, file)) as Knex.Migration;
  }
}

export function migrationConfig(): Knex.MigratorConfig {
  const extension = path.extname(__filename);
  return { migrationSource: new DirectoryMigrationSource(path.resolve(__dirname, '../../migrations'), extension) };
}

/** Migrates on connections of its own, free of the app's statement timeouts (an index may take minutes). */
export async function migrateLatest(db: Db): Promise<string[]> {
  const migrator = createUnboundedDb(db);
  try {
    const [, applied] = (await migrator.migrate.latest(migrationConfig())) as [number, string[]];
    return applied;
  } finally {
    await migrator.destroy();
  }
}
