import { startInboundSmtp, type InboundSmtp } from '../../src/mail/inbound-server';
import { fileRawMail } from '../../src/services/inbound-filing';
import type { TestApp } from './app';

type ListenerOptions = Omit<Parameters<typeof startInboundSmtp>[0], 'port' | 'host'>;

/**
 * The real inbound SMTP listener on a free loopback port, filing each message into the test app
 * as production does (`fileRawMail`, with the envelope for SPF): 1 MB messages to the app's support
 * address unless `options` says otherwise. The caller closes it in `afterAll`.
 */
export function startTestInbound(t: TestApp, options: Partial<ListenerOptions> = {}): Promise<InboundSmtp> {
  return startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    maxBytes: 1024 * 1024,
    supportAddress: t.config.supportEmail,
    file: (raw, envelope) => fileRawMail(t.deps, raw, envelope),
    ...options,
  });
}
