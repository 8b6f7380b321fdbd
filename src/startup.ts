import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/knex';
import { prepareSchema } from './db/migrate-lock';
import { DEMO_API_TOKEN, DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../seeds/demo';

/**
 * Once per start of the web server, before it listens: the schema (migrated under the lock, or in
 * production only checked: migrations are the deploy's `npm run db:migrate`) and the demo data.
 */
export async function prepareDatabase(config: Config, logger: Logger, db: Db): Promise<void> {
  const applied = await prepareSchema(config, db);
  if (applied.length) logger.info({ applied: applied.length }, 'migrations applied');
  if (config.seedDemo && (await seedDemo(db, config.env))) logger.info('demo data loaded');
}

/** What `npm start` prints once the web server listens. */
export function startupBanner(config: Config): string {
  const processes = config.webConcurrency > 1 ? `, ${config.webConcurrency} web processes` : '';
  const lines = [`Cuentas is listening on ${config.baseUrl} (port ${config.port}${processes})`];
  if (config.seedDemo) {
    lines.push(`Demo logins, all with the password ${DEMO_PASSWORD}:`);
    for (const login of DEMO_LOGINS) lines.push(`  ${login.email.padEnd(26)} ${login.who}`);
    lines.push(`Demo API token of Acme Telecom («Facturación demo», every scope): ${DEMO_API_TOKEN}`);
    lines.push(`  curl -H "Authorization: Bearer ${DEMO_API_TOKEN}" ${config.baseUrl}/api/v1/accounts`);
    if (config.twoFactorRequiredFor.length)
      lines.push(
        `Two-step verification is required for ${config.twoFactorRequiredFor.join(', ')}: those logins set up an ` +
          'authenticator app at their first sign-in (TWO_FACTOR_REQUIRED_FOR= turns the requirement off).',
      );
  }
  if (!config.smtpUrl && config.env !== 'production')
    lines.push(`No SMTP_URL: e-mail stays in the outbox, see ${config.baseUrl}/dev/mail`);
  return lines.join('\n');
}
