import knex, { type Knex } from 'knex';
import pg from 'pg';

// Dates stay as JS Dates; DATE columns stay as 'YYYY-MM-DD' strings so no time zone shifts them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// COUNT(*) and bigint ids fit in a JS number for this product's sizes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type Db = Knex;

/** A knex instance on PostgreSQL. Connecting happens lazily, at the first query. */
export interface DbOptions {
  poolMax?: number;
  onPoolError?: (err: Error) => void;
  /** Where knex's own warnings go (it prints to the console otherwise). */
  log?: (level: 'warn' | 'error' | 'deprecate' | 'debug', message: unknown) => void;
}

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const log = options.log ?? (() => undefined);
  const db = knex({
    log: {
      warn: (m: unknown) => log('warn', m),
      error: (m: unknown) => log('error', m),
      deprecate: (m: unknown) => log('deprecate', m),
      debug: (m: unknown) => log('debug', m),
    },
    client: 'pg',
    connection: { connectionString: databaseUrl, connectionTimeoutMillis: 3000, application_name: 'cuentas' },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      // An idle client whose server went away emits 'error'; without a listener that crashes the process.
      afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
        conn.on('error', (err) => options.onPoolError?.(err));
        done(null, conn);
      },
    },
    acquireConnectionTimeout: 5000,
  });
  return db;
}

/** A plain pg pool (the session store wants one), with the error listener attached. */
export function createPgPool(databaseUrl: string, onError: (err: Error) => void, max = 5): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    application_name: 'cuentas-sessions',
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
]);

/** True when an error means "the database cannot be reached right now" (answer 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /Connection terminated|connection timeout|Timeout acquiring a connection|the database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    return true;
  if (Array.isArray(e.errors)) return e.errors.some(isDatabaseUnavailable);
  return false;
}
