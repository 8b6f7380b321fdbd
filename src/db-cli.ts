/* npm run db:migrate | db:seed — against DATABASE_URL, or the embedded database when it is unset. */
import { loadConfig } from './config';
import { openDatabaseServer } from './db/database';
import { createDb } from './db/knex';
import { migrateUnderLock } from './db/migrate-lock';
import { seedDemo } from '../seeds/demo';

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const server = await openDatabaseServer(config, console.log);
  const db = createDb(server.url);
  try {
    if (command === 'migrate') {
      const applied = await migrateUnderLock(db);
      console.log(applied.length ? `applied ${applied.length} migrations` : 'already up to date');
    } else if (command === 'seed') {
      await migrateUnderLock(db);
      console.log((await seedDemo(db, config.env)) ? 'demo data loaded' : 'demo data already present');
    } else {
      throw new Error('usage: db-cli.ts migrate|seed');
    }
  } finally {
    await db.destroy();
    await server.stop();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
