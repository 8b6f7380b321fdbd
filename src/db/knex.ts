import { createHash } from 'node:crypto';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { DbTimeouts } from '../config';

// Dates stay as JS Dates; DATE columns stay as 'YYYY-MM-DD' strings so no time zone shifts them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// COUNT(*) and bigint ids fit in a JS number for this product's sizes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type Db = Knex;

/** No limits beyond the drivers' own: migrations, command-line tools and the tests' own connections. */
const UNBOUNDED: DbTimeouts = {
  acquireMs: 5000,
  connectMs: 3000,
  statementMs: 0,
  queryMs: 0,
  keepAliveInitialDelayMs: 10_000,
};

/** The pg connection settings for these timeouts (0 leaves a limit off). */
function pgSettings(timeouts: DbTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveInitialDelayMs,
    ...(timeouts.statementMs > 0 ? { statement_timeout: timeouts.statementMs } : {}),
    ...(timeouts.queryMs > 0 ? { query_timeout: timeouts.queryMs } : {}),
  };
}

/**
 * A pooled connection whose last query was given up on (query_timeout) still waits for that
 * answer; it must not be handed out again.
 */
function idle(conn: pg.Client): boolean {
  return (conn as unknown as { readyForQuery?: boolean }).readyForQuery !== false;
}

/** A knex instance on PostgreSQL. Connecting happens lazily, at the first query. */
export interface DbOptions {
  poolMax?: number;
  /** Defaults to no limits (tools, tests); the runtime passes the configured ones. */
  timeouts?: DbTimeouts;
  onPoolError?: (err: Error) => void;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  log?: (level: 'warn' | 'error' | 'deprecate' | 'debug', message: unknown) => void;
}

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const log = options.log ?? (() => undefined);
  const timeouts = options.timeouts ?? UNBOUNDED;
  const db = knex({
    log: {
      warn: (m: unknown) => log('warn', m),
      error: (m: unknown) => log('error', m),
      deprecate: (m: unknown) => log('deprecate', m),
      debug: (m: unknown) => log('debug', m),
    },
    client: 'pg',
    connection: { connectionString: databaseUrl, application_name: 'cuentas', ...pgSettings(timeouts) },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      validate: idle,
      // A connection given up on is closed in the background; the pool does not wait for a frozen server.
      destroyTimeoutMillis: 1000,
      // An idle client whose server went away emits 'error'; without a listener that crashes the process.
      afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
        conn.on('error', (err) => options.onPoolError?.(err));
        done(null, conn);
      },
    },
    acquireConnectionTimeout: timeouts.acquireMs,
  });
  return db;
}

/** The same server with no time limits on statements, for migrations (an index may take minutes). */
export function createUnboundedDb(db: Db): Db {
  const config = db.client.config as Knex.Config;
  const connection = { ...(config.connection as Record<string, unknown>), ...pgSettings(UNBOUNDED) };
  delete connection.statement_timeout;
  delete connection.query_timeout;
  return knex({ ...config, connection, pool: { ...config.pool, min: 0, max: 2 } });
}

/** A plain pg pool (the session store wants one), with the error listener attached. */
export function createPgPool(
  databaseUrl: string,
  onError: (err: Error) => void,
  max = 5,
  timeouts: DbTimeouts = UNBOUNDED,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'cuentas-sessions',
    ...pgSettings(timeouts),
    // pg-pool uses one timeout for both waiting for a free client and connecting.
    connectionTimeoutMillis: Math.min(timeouts.acquireMs, timeouts.connectMs),
  });
  pool.on('error', onError);
  return pool;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  // statement_timeout: the server is alive but too slow to answer in time
  '57014',
]);

/** True when an error means "the database cannot be reached right now" (answer 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /Connection terminated|connection timeout|Timeout acquiring a connection|timeout exceeded when trying to connect|Query read timeout|(has encountered a connection error|was closed) and is not queryable|the database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    return true;
  if (Array.isArray(e.errors)) return e.errors.some(isDatabaseUnavailable);
  return false;
}

/** Statement names by SQL text: a page's statements come in a few shapes, each hashed once. */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 2000;

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `p_${createHash('sha1').update(sql).digest('base64url').slice(0, 22)}`;
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

/** A compiled statement as knex's client runs it, and its answer. */
type ClientQuery = Knex.Sql & { options: { name: string }; response?: pg.QueryResult };

/**
 * The parts of knex's client a prepared statement runs through: the pool's, or a transaction's
 * (whose `query` refuses a transaction that has ended, and runs on the transaction's connection).
 */
interface KnexClient {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<unknown>;
  query(connection: pg.Client, query: ClientQuery): Promise<ClientQuery>;
  processResponse(query: ClientQuery, runner: undefined): unknown;
}

/**
 * Runs a statement that every page or API call makes as a named prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every request (planning was most of these
 * queries' cost). The name is a hash of the statement's text, so one name never stands for two
 * texts. Only for queries that name their columns: a prepared `SELECT *` fails once a migration
 * changes the table.
 *
 * The query is compiled once and handed to knex's client on its connection (the pool's, or the
 * transaction's when the query was built on one), past knex's runner, which costs about as much CPU
 * as pg itself for a short statement. The client still announces it on the 'query' event, and the
 * answer has the shape knex gives it: `first()` a row, a builder its rows, `raw` pg's result.
 */
export async function prepared<T extends Knex.QueryBuilder | Knex.Raw>(query: T): Promise<Awaited<T>> {
  const compiled = query.toSQL();
  const client = (query as unknown as { client: KnexClient }).client;
  const connection = await client.acquireConnection();
  try {
    const answered = await client.query(connection, {
      ...compiled,
      options: { ...compiled.options, name: statementName(compiled.sql) },
    });
    return client.processResponse(answered, undefined) as Awaited<T>;
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * This transaction's COMMIT returns without waiting for its WAL to reach the disk
 * (`synchronous_commit = off` for it alone; the next transaction on the connection is as durable as
 * the server's setting). Call it first in the transaction. What was acknowledged in the last moments
 * before a crash of the server (at most three times wal_writer_delay, 600 ms by default) may be lost;
 * nothing is ever half-written. Only for writes that their sender repeats safely.
 */
export async function commitWithoutFlushWait(trx: Db): Promise<void> {
  await trx.raw("SELECT set_config('synchronous_commit', 'off', true)");
}
