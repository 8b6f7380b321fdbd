import type * as Mailauth from 'mailauth';
import type { DNSResolver } from 'mailauth';
import { getDomain } from 'tldts';

/**
 * Whether the domain in From vouches for an inbound message: SPF or DKIM passing for a domain
 * aligned with From, as DMARC asks (checked for every sender, whether or not their domain publishes
 * a DMARC policy, since a forged From is what this stops). A mail server in front that has already
 * checked (the MX relaying to the listener, the gateway posting to /inbound/mail) is believed only
 * through its own Authentication-Results, named by INBOUND_AUTHSERV_ID; any other such header in the
 * message is the sender's own words and is ignored.
 */
export interface SenderAuthentication {
  /** From's domain vouched for the message (DMARC alignment). */
  verified: boolean;
  /** What was found, e.g. "spf=fail dkim=none dmarc=fail (listener)", for the helpdesk. */
  summary: string;
}

/** For messages a caller has already vouched for (the helpdesk releasing a held request). */
export const VOUCHED: SenderAuthentication = { verified: true, summary: 'vouched' };

export interface SmtpContext {
  /** The connecting client, HELO name and MAIL FROM, when the message came over SMTP. */
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

export interface AuthOptions {
  /** The authserv-id of the mail server in front whose Authentication-Results are believed. */
  authservId: string | null;
  /** DNS lookups (tests pass a stub with the records of their domains). */
  resolver?: DNSResolver;
  /** This host's name in the verdict. */
  mta: string;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

const bare = (domain: string) => domain.toLowerCase().replace(/^@/, '').replace(/\.$/, '');

/**
 * Relaxed alignment (RFC 7489 3.1): the same organizational domain, by the public suffix list
 * (private suffixes too: abc.github.io and evil.github.io are two organisations). A public suffix
 * itself (co.uk) is nobody's organization, so it aligns with nothing.
 */
function aligned(fromDomain: string, domain: string | undefined): boolean {
  if (!domain) return false;
  const organization = (name: string) => getDomain(bare(name), { allowPrivateDomains: true });
  const d = organization(domain);
  return d !== null && d === organization(fromDomain);
}

/** The header fields of a raw message, unfolded, top first (only the header block is read). */
function headerFields(raw: Buffer): { name: string; value: string }[] {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024)).toString('latin1');
  const fields: { name: string; value: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1].value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0)
        fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  return fields;
}

/** One Authentication-Results header: its authserv-id and `method=result` entries with their properties. */
function parseAuthResults(value: string): {
  authservId: string;
  results: Map<string, { result: string; props: string }>;
} {
  const withoutComments = value.replace(/\([^()]*\)/g, ' ');
  const [id, ...parts] = withoutComments.split(';');
  const results = new Map<string, { result: string; props: string }>();
  for (const part of parts) {
    const m = /^\s*([a-z0-9-]+)\s*=\s*([a-z]+)(.*)$/i.exec(part);
    if (m && !results.has(m[1].toLowerCase()))
      results.set(m[1].toLowerCase(), { result: m[2].toLowerCase(), props: m[3] });
  }
  return { authservId: (id ?? '').trim().split(/\s+/)[0].toLowerCase(), results };
}

const prop = (props: string, name: string) =>
  new RegExp(`(?:^|\\s)${name.replace('.', '\\.')}=("?)([^\\s";]+)\\1`, 'i').exec(props)?.[2];

/** The verdict of the configured mail server in front, if the message carries it. */
function trustedVerdict(raw: Buffer, fromDomain: string, authservId: string | null): SenderAuthentication | null {
  if (!authservId) return null;
  const ours = headerFields(raw)
    .filter((f) => f.name === 'authentication-results')
    .map((f) => parseAuthResults(f.value))
    .find((r) => r.authservId === authservId.toLowerCase());
  if (!ours) return null;
  const dmarc = ours.results.get('dmarc');
  const spf = ours.results.get('spf');
  const dkim = ours.results.get('dkim');
  // DMARC vouches for the domain it checked (header.from): only when that is the address being filed.
  const dmarcFrom = dmarc && prop(dmarc.props, 'header.from');
  const verified =
    (dmarc?.result === 'pass' && dmarcFrom !== undefined && bare(dmarcFrom) === fromDomain) ||
    (dmarc?.result !== 'fail' &&
      ((spf?.result === 'pass' && aligned(fromDomain, domainOf(prop(spf.props, 'smtp.mailfrom') ?? ''))) ||
        (dkim?.result === 'pass' &&
          aligned(fromDomain, prop(dkim.props, 'header.d') ?? domainOf(prop(dkim.props, 'header.i') ?? '')))));
  const summary = ['spf', 'dkim', 'dmarc'].map((m) => `${m}=${ours.results.get(m)?.result ?? 'none'}`).join(' ');
  return { verified, summary: `${summary} (${authservId})` };
}

/**
 * mailauth, required at the first message checked here rather than when the process starts: it and
 * what it loads (joi, undici, the ASN.1 and X.509 parsers) are about 10 MB of V8 heap and 1,000
 * compiled functions that a listener behind a trusted MX (INBOUND_AUTHSERV_ID), and every web
 * process that never checks a message itself, would carry for nothing (docs/benchmarks.md, «Fourth
 * round: memory»). Node caches the module: the cost is paid once, by the first such message.
 */
function mailauth(): typeof Mailauth {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mailauth') as typeof Mailauth;
}

/** Checks SPF, DKIM, DMARC and ARC here (mailauth), for a message no trusted server has checked. */
async function verifyHere(
  raw: Buffer,
  fromDomain: string,
  smtp: SmtpContext,
  options: AuthOptions,
): Promise<SenderAuthentication> {
  const result = await mailauth().authenticate(raw, {
    ip: smtp.ip,
    helo: smtp.helo,
    sender: smtp.mailFrom,
    mta: options.mta,
    resolver: options.resolver,
    disableBimi: true,
  });
  const froms = result.dkim.headerFrom;
  const from = froms.length === 1 && domainOf(froms[0]) === fromDomain ? fromDomain : null;
  const spfPass = result.spf && result.spf.status.result === 'pass' ? result.spf.domain : undefined;
  const dkimPass = result.dkim.results.filter((r) => r.status.result === 'pass').map((r) => r.signingDomain);
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  const verified =
    from !== null &&
    (dmarc === 'pass' ||
      (dmarc !== 'fail' && (aligned(from, spfPass) || dkimPass.some((domain) => aligned(from, domain)))));
  const spf = result.spf ? result.spf.status.result : 'none';
  const dkim = result.dkim.results.length ? (dkimPass.length ? 'pass' : result.dkim.results[0].status.result) : 'none';
  const arc = result.arc ? result.arc.status.result : 'none';
  return { verified, summary: `spf=${spf} dkim=${dkim} dmarc=${dmarc} arc=${arc} (${options.mta})` };
}

/** Whether From's domain vouches for the message: the trusted server's word, or our own check. */
export async function authenticateSender(
  raw: Buffer,
  fromAddress: string,
  smtp: SmtpContext,
  options: AuthOptions,
): Promise<SenderAuthentication> {
  const fromDomain = domainOf(fromAddress);
  return trustedVerdict(raw, fromDomain, options.authservId) ?? verifyHere(raw, fromDomain, smtp, options);
}
