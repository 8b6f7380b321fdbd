/* The benchmark's own database: the demo data, then `rows` more contacts, tickets and invoices in ABC Company. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, withDatabase } from '../src/db/embedded';
import { createDb, type Db } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrations';
import { seedDemo } from '../seeds/demo';
import { freePort } from './processes';

export interface BenchDatabase {
  url: string;
  /** A connection for the benchmark itself (rows, outbox, counts). */
  db: Db;
  stop(): Promise<void>;
}

/** Ids half-way through each list, as keyset cursors (`?after=`). */
export interface DeepIds {
  contact: number;
  ticket: number;
  invoice: number;
}

const ACCOUNT = `(SELECT id FROM accounts WHERE name = 'ABC Company')`;

/**
 * An account with a long history: `rows` contacts, tickets (three in four still open) and invoices
 * (newest first; all paid or cancelled but the newest 20).
 */
export async function addRows(db: Db, rows: number): Promise<DeepIds> {
  await db.raw(
    `INSERT INTO contacts (account_id, first_name, last_name, email, email_types)
     SELECT ${ACCOUNT}, 'Contacto', 'Apellido ' || lpad(g::text, 6, '0'), 'contacto' || g || '@bench.example', '{general}'
       FROM generate_series(1, ?) g`,
    [rows],
  );
  // Ticket numbers are six digits: 200000 onwards is clear of the demo's.
  await db.raw(
    `INSERT INTO tickets (account_id, number, requester_email, department, priority, status, subject, last_reply_at)
     SELECT ${ACCOUNT}, (200000 + g)::text, 'contacto' || g || '@bench.example',
            (ARRAY['support','billing','sales'])[1 + g % 3], (ARRAY['low','medium','high'])[1 + g % 3],
            (ARRAY['open','answered','customer_reply','closed'])[1 + g % 4],
            'Ticket de prueba ' || g, now() - make_interval(mins => g)
       FROM generate_series(1, ?) g`,
    [rows],
  );
  await db.raw(
    `INSERT INTO invoices (account_id, account_number_id, number, issued_on, due_on, total_cents, status)
     SELECT n.account_id, n.id, 'BENCH-' || g, current_date - g / 50, current_date - g / 50 + 30, 1000 + g % 90000,
            CASE WHEN g <= 10 THEN 'unpaid' WHEN g <= 20 THEN 'overdue' WHEN g % 50 = 0 THEN 'cancelled' ELSE 'paid' END
       FROM (SELECT id, account_id FROM account_numbers WHERE account_id = ${ACCOUNT} ORDER BY id LIMIT 1) n,
            generate_series(1, ?) g`,
    [rows],
  );
  await db.raw('ANALYZE contacts, tickets, invoices');
  const half = Math.ceil(rows / 2);
  const id = async (sql: string, value: string) => Number((await db.raw(sql, [value])).rows[0].id);
  return {
    contact: await id('SELECT id FROM contacts WHERE email = ?', `contacto${half}@bench.example`),
    ticket: await id('SELECT id FROM tickets WHERE number = ?', String(200000 + half)),
    invoice: await id('SELECT id FROM invoices WHERE number = ?', `BENCH-${half}`),
  };
}

/** DATABASE_URL's server when set, else a throwaway embedded PostgreSQL; a fresh database on it with the demo data. */
export async function prepareDatabase(): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => undefined;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-bench-'));
    fs.chmodSync(dir, 0o755);
    const embedded = await startEmbeddedDatabase({
      dir: path.join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    serverUrl = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `cuentas_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = withDatabase(serverUrl, name);
  const db = createDb(url, { poolMax: 2 });
  await migrateLatest(db);
  await seedDemo(db, 'development');
  return {
    url,
    db,
    async stop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stopServer();
    },
  };
}
