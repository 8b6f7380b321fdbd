/* npm run inbound: the SMTP listener for the support address, as its own process (INBOUND_SMTP_PORT). */
import { startConfiguredInboundSmtp } from './mail/inbound-server';
import { appDeps, runProcess } from './runtime';
import { fileRawMail } from './services/inbound-filing';

runProcess(async (config, runtime) => {
  if (config.inbound.smtpPort === null)
    throw new Error('set INBOUND_SMTP_PORT (e.g. 2525) to run the inbound SMTP listener');
  const deps = appDeps(config, runtime);
  const smtp = await startConfiguredInboundSmtp(deps, (raw) => fileRawMail(deps, raw));
  return { stop: () => smtp.close() };
});
