import type * as InboundAuth from '../../src/mail/inbound-auth';

/**
 * Issue 24 (memory): mailauth and what it loads (joi, undici, the ASN.1 and X.509 parsers: about
 * 10 MB of heap) are required at the first message the app checks itself, not when the web process
 * or the listener starts; behind a trusted MX (INBOUND_AUTHSERV_ID) they are never loaded. The
 * messages it checks are still checked by it.
 */

let mailauthLoads = 0;
jest.doMock('mailauth', () => {
  mailauthLoads += 1;
  return jest.requireActual<object>('mailauth');
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { authenticateSender } = require('../../src/mail/inbound-auth') as typeof InboundAuth;

const MX = 'mx.cuentas.test';

function message(headers: string[] = []): Buffer {
  return Buffer.from(
    [
      ...headers,
      'From: Ana <ana@abc.example>',
      'To: ayuda@cuentas.example',
      'Subject: Consulta',
      'Message-ID: <loading-1@abc.example>',
      '',
      'Hola',
      '',
    ].join('\r\n'),
  );
}

// abc.example lets only 192.0.2.25 send for it; no DKIM, DMARC at p=reject.
const dns = {
  'abc.example': ['v=spf1 ip4:192.0.2.25 -all'],
  '_dmarc.abc.example': ['v=DMARC1; p=reject; adkim=r; aspf=r'],
} as Record<string, string[]>;
const resolver = async (domain: string, rrtype: string) => {
  const records = rrtype === 'TXT' ? dns[domain.toLowerCase()] : undefined;
  if (!records) throw Object.assign(new Error(`no ${rrtype} record for ${domain}`), { code: 'ENOTFOUND' });
  return records.map((r) => [r]);
};

test('importing the module does not load mailauth', () => {
  expect(mailauthLoads).toBe(0);
});

test('a message the trusted MX vouched for is filed without loading mailauth', async () => {
  const raw = message([
    `Authentication-Results: ${MX}; spf=pass smtp.mailfrom=ana@abc.example; dmarc=pass header.from=abc.example`,
  ]);
  const verdict = await authenticateSender(raw, 'ana@abc.example', {}, { authservId: MX, mta: 'listener' });
  expect(verdict.verified).toBe(true);
  expect(mailauthLoads).toBe(0);
});

test('a message checked here loads mailauth once and is checked by it', async () => {
  const options = { authservId: null, resolver, mta: 'listener' };
  const allowed = await authenticateSender(
    message(),
    'ana@abc.example',
    { ip: '192.0.2.25', helo: 'mail.abc.example', mailFrom: 'ana@abc.example' },
    options,
  );
  expect(allowed).toEqual({ verified: true, summary: expect.stringContaining('spf=pass') as string });
  const forged = await authenticateSender(
    message(),
    'ana@abc.example',
    { ip: '203.0.113.9', helo: 'evil.test', mailFrom: 'ana@abc.example' },
    options,
  );
  expect(forged.verified).toBe(false);
  expect(forged.summary).toContain('dmarc=fail');
  expect(mailauthLoads).toBe(1);
});
