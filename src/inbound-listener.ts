import type { AppDeps } from './app-deps';
import { startConfiguredInboundSmtp, type InboundSmtp } from './mail/inbound-server';
import { fileRawMail } from './services/inbound-filing';

/**
 * The app's SMTP listener (INBOUND_SMTP_PORT), filing what it takes with the client's address for
 * SPF: process wiring, started by the web server (in-process) or by `npm run inbound`.
 */
export function startInboundListener(deps: AppDeps): Promise<InboundSmtp> {
  return startConfiguredInboundSmtp(deps, (raw, envelope) => fileRawMail(deps, raw, envelope));
}
