/**
 * Configuration for the knex CLI (e.g. `npx tsx node_modules/knex/bin/cli.js migrate:status`) against
 * DATABASE_URL. The app and `npm run db:migrate` use the same migration source.
 */
import { loadConfig } from './src/config';
import { migrationConfig } from './src/db/migrations';

const config = loadConfig();

export default {
  client: 'pg',
  connection: config.databaseUrl ?? undefined,
  migrations: migrationConfig(),
};
