/* npm run inbound: the SMTP listener for the support address, as its own process (INBOUND_SMTP_PORT). */
import { loadConfig } from './config';
import { migrateLatest } from './db/migrations';
import { startConfiguredInboundSmtp } from './mail/inbound-server';
import { appDeps, createLogger, openRuntime } from './runtime';
import { fileRawMail } from './services/inbound-filing';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.inbound.smtpPort === null) throw new Error('set INBOUND_SMTP_PORT (e.g. 2525) to run the inbound SMTP listener');
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  await migrateLatest(runtime.db);
  const deps = appDeps(config, runtime);
  const smtp = await startConfiguredInboundSmtp(deps, (raw) => fileRawMail(deps, raw));
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
