import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, type DNSResolver } from 'mailauth';

/**
 * DNS as the inbound mail checks see it in tests: real-looking TXT records, no network. Unless
 * `records` says otherwise, every domain sends from loopback (SPF `ip4:127.0.0.1`) and publishes
 * DMARC `p=reject` — well-run senders whose mail to the listener passes. `records` maps a name to
 * its TXT strings, or to null for a name that does not exist.
 */
export function testDns(records: Record<string, string[] | null> = {}): DNSResolver {
  return async (name: string, rrtype: string) => {
    const key = name.toLowerCase().replace(/\.$/, '');
    const missing = () => Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    if (rrtype !== 'TXT') throw missing();
    if (key in records) {
      const txt = records[key];
      if (!txt) throw missing();
      return txt.map((t) => [t]);
    }
    if (key.includes('._domainkey.')) throw missing();
    if (key.startsWith('_dmarc.')) return [['v=DMARC1; p=reject']];
    return [['v=spf1 ip4:127.0.0.1 -all']];
  };
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The TXT record to publish at `<selector>._domainkey.<domain>`. */
  dns: Record<string, string[]>;
}

/** A fresh RSA key for a domain, with its DKIM record. */
export function dkimKey(domain: string, selector = 'cuentas2026'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dns: { [`${selector}._domainkey.${domain}`]: [`v=DKIM1; k=rsa; p=${spki}`] },
  };
}

/** The message with a DKIM-Signature by the key prepended. */
export async function dkimSigned(raw: string, key: DkimKey): Promise<string> {
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey };
  const signed = await dkimSign(raw, { ...signature, signatureData: [signature] });
  if (signed.errors.length) throw new Error(`DKIM signing failed: ${JSON.stringify(signed.errors)}`);
  return signed.signatures + raw;
}

let sequence = 0;
/** A plain RFC 822 message (CRLF line ends), with a unique Message-ID unless given. */
export function rawMessage(mail: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  headers?: string[];
}): string {
  sequence += 1;
  const id = mail.messageId ?? `<raw-${Date.now()}-${sequence}@mail.test>`;
  return [
    ...(mail.headers ?? []),
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: ${id}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.text,
    '',
  ].join('\r\n');
}
