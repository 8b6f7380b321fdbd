import type { Config } from '../config';
import { startEmbeddedDatabase, withDatabase } from './embedded';

export interface DatabaseServer {
  url: string;
  /** Stops the embedded server; a no-op for an external DATABASE_URL. */
  stop(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under .data/, with a `cuentas` database. */
export async function openDatabaseServer(config: Config, log: (message: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined, embedded: false };
  const server = await startEmbeddedDatabase({ ...config.embeddedDatabase });
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'cuentas'");
    if (found.rowCount === 0) await admin.query('CREATE DATABASE cuentas');
  } finally {
    await admin.end();
  }
  log(`embedded PostgreSQL on port ${config.embeddedDatabase.port}, data in ${config.embeddedDatabase.dir}`);
  return { url: withDatabase(server.url, 'cuentas'), stop: server.stop, embedded: true };
}
