/*
 * npm run db:seed:large [-- --scale 0.01] [-- --fresh]: the platform-sized data set of issue 14,
 * generated in SQL (seeds/large.sql) on an empty database: 10,000 customer accounts under 20
 * resellers, 100 contacts each (1,000,000; 10 of them portal users: 100,000 users), 200 tickets each
 * with two messages, 50 invoices each (500,000). --scale multiplies the number of accounts (CI seeds
 * 0.01); every account has the same contents at any scale.
 *
 * Against DATABASE_URL when set (it must hold no accounts yet); otherwise a database of its own,
 * `cuentas_large`, on the embedded server (--fresh drops and recreates it). Never in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config';
import { startEmbeddedDatabase, withDatabase } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateUnderLock } from '../src/db/migrate-lock';
import { hashSecret } from '../src/services/passwords';

export const LARGE_PASSWORD = 'Cuentas-large-2026';
export const LARGE_DATABASE = 'cuentas_large';

/** Per customer account, at any scale. */
export const PER_ACCOUNT = { users: 10, contacts: 100, tickets: 200, invoices: 50 };

export interface Sizes {
  accounts: number;
  resellers: number;
}

export function sizesFor(scale: number): Sizes {
  if (!(scale > 0 && scale <= 1.1)) throw new Error('--scale takes a number above 0 and at most 1.1');
  return { accounts: Math.max(1, Math.round(10_000 * scale)), resellers: Math.max(2, Math.round(20 * scale)) };
}

/** The owner of customer account i (1 … accounts) and the helpdesk agent, who sign in with LARGE_PASSWORD. */
export const ownerOf = (i: number) => `owner@c${i}.example`;
export const LARGE_STAFF = 'soporte@plataforma.example';

/** DATABASE_URL, or `cuentas_large` on the embedded server (started here when nobody runs it). */
export async function openLargeDatabase(
  config: Config,
  options: { fresh?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const server = await startEmbeddedDatabase({ ...config.embeddedDatabase });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    if (options.fresh) await admin.query(`DROP DATABASE IF EXISTS ${LARGE_DATABASE} WITH (FORCE)`);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [LARGE_DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${LARGE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: withDatabase(server.url, LARGE_DATABASE), stop: server.stop };
}

/** The SQL file's steps, split at its `-- step: name` lines. */
function steps(): { name: string; sql: string }[] {
  const text = fs.readFileSync(path.join(__dirname, 'large.sql'), 'utf8');
  return text
    .split(/^-- step: /m)
    .slice(1)
    .map((part) => {
      const newline = part.indexOf('\n');
      return { name: part.slice(0, newline).trim(), sql: part.slice(newline + 1) };
    });
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const thousands = (n: number) => n.toLocaleString('en-US');

export async function seedLarge(url: string, sizes: Sizes, log: (line: string) => void = console.log) {
  const started = Date.now();
  const db = createDb(url, { poolMax: 2 });
  try {
    await migrateUnderLock(db);
    const accounts = Number((await db('accounts').count<{ count: number }[]>('* as count'))[0].count);
    if (accounts > 0)
      throw new Error(
        `the database already holds ${accounts} accounts: the large data set goes into an empty one ` +
          `(without DATABASE_URL, --fresh recreates ${LARGE_DATABASE} on the embedded server)`,
      );
  } finally {
    await db.destroy();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const settings: Record<string, string | number> = {
      accounts: sizes.accounts,
      resellers: sizes.resellers,
      users_per_account: PER_ACCOUNT.users,
      contacts_per_account: PER_ACCOUNT.contacts,
      tickets_per_account: PER_ACCOUNT.tickets,
      invoices_per_account: PER_ACCOUNT.invoices,
      password_hash: await hashSecret(LARGE_PASSWORD),
    };
    // The rows are generated consistent; a superuser may skip re-checking foreign keys and the
    // accounts triggers row by row (about 1.5 times faster). Elsewhere they are all checked.
    const { rows } = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.rolsuper) await client.query('SET session_replication_role = replica');
    for (const [name, value] of Object.entries(settings))
      await client.query('SELECT set_config($1, $2, false)', [`large.${name}`, String(value)]);
    for (const step of steps()) {
      const t0 = Date.now();
      await client.query(step.sql);
      log(`  ${step.name.padEnd(44)} ${seconds(t0).padStart(6)} s`);
    }
    const t0 = Date.now();
    await client.query('VACUUM ANALYZE');
    log(`  ${'vacuum and analyze'.padEnd(44)} ${seconds(t0).padStart(6)} s`);
    const counts = await client.query<Record<string, string>>(`
      SELECT (SELECT count(*) FROM accounts WHERE kind = 'customer') AS customers,
             (SELECT count(*) FROM accounts WHERE kind = 'reseller') AS resellers,
             (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM contacts) AS contacts,
             (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM ticket_messages) AS messages,
             (SELECT count(*) FROM invoices) AS invoices,
             pg_size_pretty(pg_database_size(current_database())) AS size`);
    const c = counts.rows[0];
    const n = (key: string) => thousands(Number(c[key]));
    log(
      `seeded ${n('customers')} customer accounts under ${n('resellers')} resellers: ${n('users')} users, ` +
        `${n('contacts')} contacts, ${n('tickets')} tickets (${n('messages')} messages), ${n('invoices')} invoices; ` +
        `${c.size} in ${seconds(started)} s`,
    );
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const config = loadConfig();
  if (config.env === 'production') throw new Error('the large data set is for measuring, never production');
  const sizes = sizesFor(scale);
  const database = await openLargeDatabase(config, { fresh: args.includes('--fresh') });
  try {
    console.log(
      `seeding ${thousands(sizes.accounts)} customer accounts under ${sizes.resellers} resellers ` +
        `(scale ${scale}) into ${new URL(database.url).pathname.slice(1)}`,
    );
    await seedLarge(database.url, sizes);
  } finally {
    await database.stop();
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
