import type { i18n } from 'i18next';
import type { DNSResolver } from 'mailauth';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { Config } from './config';
import type { Db } from './db/knex';
import type { Mailer } from './mail/outbox';

/** Everything the app is built from; createApp() connects to nothing itself. */
export interface AppDeps {
  config: Config;
  db: Db;
  sessionPool: pg.Pool;
  mailer: Mailer;
  logger: Logger;
  i18n: i18n;
  /** Now, for token expiry; tests inject another clock. */
  clock: () => Date;
  /** DNS for checking inbound mail (SPF, DKIM, DMARC); the system resolver when absent, a stub in tests. */
  dnsResolver?: DNSResolver;
}
