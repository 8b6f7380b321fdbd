/* npm run inbound: the SMTP listener for the support address, as its own process (INBOUND_SMTP_PORT). */
import { loadConfig } from './config';
import { migrateLatest } from './db/migrations';
import { createI18n } from './i18n';
import { parseInboundMail } from './mail/inbound-parse';
import { startInboundSmtp } from './mail/inbound-server';
import { createLogger, openRuntime } from './runtime';
import { fileInboundMail } from './services/inbound-filing';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.inbound.smtpPort === null) throw new Error('set INBOUND_SMTP_PORT (e.g. 2525) to run the inbound SMTP listener');
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  await migrateLatest(runtime.db);
  const deps = { config, db: runtime.db, sessionPool: runtime.sessionPool, mailer: runtime.mailer, logger, i18n: createI18n(config.projectRoot), clock: () => new Date() };
  const smtp = await startInboundSmtp({
    port: config.inbound.smtpPort, host: config.inbound.smtpHost, maxBytes: config.inbound.maxBytes, supportAddress: config.supportEmail,
    file: async (raw) => logger.info({ filed: await fileInboundMail(deps, await parseInboundMail(raw)) }, 'inbound mail'),
    onError: (err) => logger.error({ err }, 'inbound mail failed'),
  });
  logger.info(`inbound SMTP for ${config.supportEmail} on ${config.inbound.smtpHost}:${smtp.port}`);
  const stop = async () => {
    await smtp.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
