/* npm run inbound: the SMTP listener for the support address, as its own process (INBOUND_SMTP_PORT). */
import { appDeps, runProcess } from './runtime';
import { startInboundListener } from './inbound-listener';

runProcess(async (config, runtime) => {
  if (config.inbound.smtpPort === null)
    throw new Error('set INBOUND_SMTP_PORT (e.g. 2525) to run the inbound SMTP listener');
  const deps = appDeps(config, runtime);
  const smtp = await startInboundListener(deps);
  return { stop: () => smtp.close() };
});
