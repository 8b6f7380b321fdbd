import path from 'node:path';
import fs from 'node:fs';

/**
 * How long anything that waits on PostgreSQL may wait, so that a frozen or unreachable server
 * turns into a 503 within seconds instead of a hung request (issue 11, items 1–3).
 */
export interface DbTimeouts {
  /** Waiting for a free pooled connection (knex's acquire timeout; pg-pool's wait for a client). */
  acquireMs: number;
  /** Opening a new connection (TCP + start-up). */
  connectMs: number;
  /** Server side: PostgreSQL cancels a statement running longer (`statement_timeout`). */
  statementMs: number;
  /** Client side: the driver gives up on an answer that does not come (`query_timeout`), e.g. a frozen server. */
  queryMs: number;
  /** TCP keepalive: a dead peer is noticed even on an idle connection. */
  keepAliveInitialDelayMs: number;
}

/** The only reader of process.env. Fails fast when production is misconfigured. */
export type Environment = 'development' | 'test' | 'production';

/** First-response targets in hours, by ticket priority. */
export interface FirstResponseHours {
  urgent: number;
  high: number;
  medium: number;
  low: number;
}

export interface Config {
  env: Environment;
  /** The address the web server binds to: loopback unless HOST says otherwise (nginx runs beside it). */
  host: string;
  port: number;
  baseUrl: string;
  /** Served over HTTPS: Secure, __Host- cookies and HSTS. */
  secure: boolean;
  databaseUrl: string | null;
  /** How long the app waits on PostgreSQL before answering 503 (DB_*_TIMEOUT_MS). */
  databaseTimeouts: DbTimeouts;
  embeddedDatabase: { dir: string; port: number };
  sessionSecret: string;
  smtpUrl: string | null;
  mailFrom: string;
  supportEmail: string;
  inbound: {
    /** SMTP listener for mail to the support address; null when not started in-process. */
    smtpPort: number | null;
    smtpHost: string;
    /** Bearer token for POST /inbound/mail; the endpoint answers 404 without one. */
    token: string | null;
    maxBytes: number;
    /** SMTP connections at once, in all and from one client address; idle ones are closed. */
    maxClients: number;
    maxClientsPerAddress: number;
    idleSeconds: number;
    /**
     * The authserv-id of the mail server in front (MX or gateway) whose Authentication-Results
     * header is believed; null: every message is verified here (SPF, DKIM, DMARC).
     */
    authservId: string | null;
  };
  mailWorker: 'inprocess' | 'off';
  helpdesk: {
    /**
     * Hours the helpdesk has to answer a ticket first, by priority, on a plain 24/7 clock; past it
     * the queue marks the ticket «Vencido» (FIRST_RESPONSE_HOURS_URGENT, _HIGH, _MEDIUM, _LOW).
     */
    firstResponseHours: FirstResponseHours;
  };
  /** Web server processes forked with node:cluster (WEB_CONCURRENCY); 1: no cluster. */
  webConcurrency: number;
  /** Migrate at start, under a lock (MIGRATE_ON_START); otherwise only check that none is pending. */
  migrateOnStart: boolean;
  trustProxy: boolean | number;
  logLevel: string;
  seedDemo: boolean;
  projectRoot: string;
  /** Who must use a second factor (TWO_FACTOR_REQUIRED_FOR); empty: nobody has to. */
  twoFactorRequiredFor: TwoFactorRole[];
  /** Requests one API token may make a minute (API_RATE_LIMIT_PER_MINUTE), shared by every process. */
  apiRateLimitPerMinute: number;
  /**
   * Whether webhooks may be delivered to loopback, private, link-local… addresses
   * (WEBHOOK_ALLOW_PRIVATE_NETWORKS; true only outside production, so tests reach 127.0.0.1).
   */
  webhookAllowPrivateNetworks: boolean;
  /** `off` when webhooks are delivered by separate `npm run worker` processes (WEBHOOK_WORKER). */
  webhookWorker: 'inprocess' | 'off';
  /** Days finished webhook deliveries and their events are kept before housekeeping deletes them (WEBHOOK_RETENTION_DAYS). */
  webhookRetentionDays: number;
}

/**
 * Kinds of people who may be required to use two-factor sign-in: staff (any membership of the
 * platform account), partner (of a reseller account), owner and admin (that role in any account).
 */
export const TWO_FACTOR_ROLES = ['staff', 'partner', 'owner', 'admin'] as const;
export type TwoFactorRole = (typeof TWO_FACTOR_ROLES)[number];

const DEV_SECRET = 'cuentas-development-secret-not-for-production';
const MAKE_SECRET = 'make one with: openssl rand -base64 48';

/** Distinct characters a random secret of 32 or more characters has at the very least (hex has 16 to choose from). */
export const MIN_SECRET_DISTINCT_CHARACTERS = 12;

/**
 * Whether a secret looks random: enough distinct characters, and no character or two-character
 * pattern making up most of it ("aaaa…", "abab…", "password1password1…").
 */
export function variedEnough(secret: string): boolean {
  const chars = [...secret];
  if (new Set(chars).size < MIN_SECRET_DISTINCT_CHARACTERS) return false;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (Math.max(...counts.values()) > chars.length / 4) return false;
  // A repeated word: the secret equals itself shifted by a short period.
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((c, i) => i < period || c === chars[i - period])) return false;
  }
  return true;
}

export class ConfigError extends Error {}

/** The folder holding package.json, whether running from src/ or dist/src/. */
export function findProjectRoot(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError('package.json not found above ' + start);
    dir = parent;
  }
  return dir;
}

function parseEnvironment(value: string | undefined): Environment {
  if (value === undefined || value === '') return 'development';
  if (value === 'development' || value === 'test' || value === 'production') return value;
  throw new ConfigError(`NODE_ENV must be development, test or production (got "${value}")`);
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} must be a port number`);
  return port;
}

function parseUrl(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an absolute URL`);
  }
}

function parseToken(value: string): string {
  if (value.length < 32) throw new ConfigError('INBOUND_MAIL_TOKEN must be at least 32 characters');
  return value;
}

function parseAuthservId(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const id = value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id))
    throw new ConfigError(
      'INBOUND_AUTHSERV_ID must be a host name, as the mail server writes it in Authentication-Results',
    );
  return id;
}

function parsePositive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number`);
  return n;
}

function parseTwoFactorRoles(value: string | undefined): TwoFactorRole[] {
  if (value === undefined) return ['staff', 'partner'];
  const roles = value
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  for (const role of roles)
    if (!(TWO_FACTOR_ROLES as readonly string[]).includes(role))
      throw new ConfigError(`TWO_FACTOR_REQUIRED_FOR takes ${TWO_FACTOR_ROLES.join(', ')} (got "${role}")`);
  return [...new Set(roles)] as TwoFactorRole[];
}

function parseTimeouts(env: NodeJS.ProcessEnv): DbTimeouts {
  const statementMs = parsePositive('DB_STATEMENT_TIMEOUT_MS', env.DB_STATEMENT_TIMEOUT_MS, 1500);
  return {
    acquireMs: parsePositive('DB_ACQUIRE_TIMEOUT_MS', env.DB_ACQUIRE_TIMEOUT_MS, 1500),
    connectMs: parsePositive('DB_CONNECT_TIMEOUT_MS', env.DB_CONNECT_TIMEOUT_MS, 1500),
    statementMs,
    queryMs: parsePositive('DB_QUERY_TIMEOUT_MS', env.DB_QUERY_TIMEOUT_MS, statementMs + 100),
    keepAliveInitialDelayMs: parsePositive('DB_KEEPALIVE_MS', env.DB_KEEPALIVE_MS, 10_000),
  };
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigError(`${name} must be true or false`);
}

function parseTrustProxy(value: string | undefined): boolean | number {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0) throw new ConfigError('TRUST_PROXY must be true, false or a number of hops');
  return hops;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = parseEnvironment(env.NODE_ENV);
  const production = nodeEnv === 'production';
  const port = parsePort('PORT', env.PORT, 3000);
  const baseUrl = parseUrl('BASE_URL', env.BASE_URL || `http://localhost:${port}`);
  const databaseUrl = env.DATABASE_URL ? env.DATABASE_URL : null;
  const sessionSecret = env.SESSION_SECRET || (production ? '' : DEV_SECRET);
  const projectRoot = findProjectRoot();

  if (production) {
    if (!databaseUrl)
      throw new ConfigError('DATABASE_URL is required in production (the embedded database is for development)');
    if (sessionSecret.length < 32 || sessionSecret === DEV_SECRET) {
      throw new ConfigError(
        `SESSION_SECRET must be set to a random value of at least 32 characters in production; ${MAKE_SECRET}`,
      );
    }
    if (!variedEnough(sessionSecret))
      throw new ConfigError(`SESSION_SECRET has too little variety to be a random value; ${MAKE_SECRET}`);
    if (!env.SMTP_URL) throw new ConfigError('SMTP_URL is required in production');
  }

  const mailWorker = env.MAIL_WORKER || 'inprocess';
  if (mailWorker !== 'inprocess' && mailWorker !== 'off') throw new ConfigError('MAIL_WORKER must be inprocess or off');
  const webhookWorker = env.WEBHOOK_WORKER || 'inprocess';
  if (webhookWorker !== 'inprocess' && webhookWorker !== 'off')
    throw new ConfigError('WEBHOOK_WORKER must be inprocess or off');

  return {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port,
    baseUrl,
    secure: baseUrl.startsWith('https://'),
    databaseUrl,
    databaseTimeouts: parseTimeouts(env),
    embeddedDatabase: {
      dir: path.resolve(projectRoot, env.EMBEDDED_PG_DIR || '.data/postgres'),
      port: parsePort('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    },
    sessionSecret,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Cuentas <no-reply@cuentas.example>',
    supportEmail: (env.SUPPORT_EMAIL || 'ayuda@cuentas.example').toLowerCase(),
    inbound: {
      smtpPort: env.INBOUND_SMTP_PORT ? parsePort('INBOUND_SMTP_PORT', env.INBOUND_SMTP_PORT, 0) : null,
      smtpHost: env.INBOUND_SMTP_HOST || '127.0.0.1',
      token: env.INBOUND_MAIL_TOKEN ? parseToken(env.INBOUND_MAIL_TOKEN) : null,
      maxBytes: parsePositive('INBOUND_MAX_BYTES', env.INBOUND_MAX_BYTES, 10 * 1024 * 1024),
      maxClients: parsePositive('INBOUND_MAX_CLIENTS', env.INBOUND_MAX_CLIENTS, 100),
      maxClientsPerAddress: parsePositive('INBOUND_MAX_CLIENTS_PER_IP', env.INBOUND_MAX_CLIENTS_PER_IP, 10),
      idleSeconds: parsePositive('INBOUND_IDLE_SECONDS', env.INBOUND_IDLE_SECONDS, 60),
      authservId: parseAuthservId(env.INBOUND_AUTHSERV_ID),
    },
    mailWorker,
    helpdesk: {
      firstResponseHours: {
        urgent: parsePositive('FIRST_RESPONSE_HOURS_URGENT', env.FIRST_RESPONSE_HOURS_URGENT, 1),
        high: parsePositive('FIRST_RESPONSE_HOURS_HIGH', env.FIRST_RESPONSE_HOURS_HIGH, 4),
        medium: parsePositive('FIRST_RESPONSE_HOURS_MEDIUM', env.FIRST_RESPONSE_HOURS_MEDIUM, 24),
        low: parsePositive('FIRST_RESPONSE_HOURS_LOW', env.FIRST_RESPONSE_HOURS_LOW, 72),
      },
    },
    webConcurrency: parsePositive('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1),
    // Production migrates in its own deploy step (npm run db:migrate), not as N processes start.
    migrateOnStart: parseBoolean('MIGRATE_ON_START', env.MIGRATE_ON_START, !production),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemo: !production && env.SEED_DEMO !== 'false',
    projectRoot,
    twoFactorRequiredFor: parseTwoFactorRoles(env.TWO_FACTOR_REQUIRED_FOR),
    apiRateLimitPerMinute: parsePositive('API_RATE_LIMIT_PER_MINUTE', env.API_RATE_LIMIT_PER_MINUTE, 600),
    webhookAllowPrivateNetworks: parseBoolean(
      'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
      env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      !production,
    ),
    webhookWorker,
    webhookRetentionDays: parsePositive('WEBHOOK_RETENTION_DAYS', env.WEBHOOK_RETENTION_DAYS, 30),
  };
}
