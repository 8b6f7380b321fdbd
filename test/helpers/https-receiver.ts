/*
 * A local https receiver for webhook deliveries made by workers in production mode (npm run
 * test:scale, npm run bench). Production refuses http:// and, unless WEBHOOK_ALLOW_PRIVATE_NETWORKS
 * is true, loopback addresses: the workers are started with that setting and with
 * NODE_EXTRA_CA_CERTS naming this receiver's self-signed certificate, so they reach it over https
 * and verify its certificate exactly as they would a customer's — nothing of production is relaxed
 * but the address rule. Every request's signature is verified with the standardwebhooks library.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';

export interface SelfSigned {
  /** The certificate's file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  cert: string;
  key: string;
}

/** An ECDSA P-256 certificate for 127.0.0.1, valid one day, made with openssl in `dir`. */
export function selfSignedCertificate(dir: string): SelfSigned {
  const certFile = path.join(dir, 'receiver-cert.pem');
  const keyFile = path.join(dir, 'receiver-key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
}

export interface HttpsReceiver {
  url: string;
  /** The webhook-id of every request whose signature verified, in arrival order (a duplicate twice). */
  verified: string[];
  /** When each of them arrived (ms since the epoch). */
  arrivals: number[];
  /** Requests whose signature did not verify (answered 400). */
  refused: number;
  /** How many different webhook-ids verified. */
  distinct(): number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port); answers 204 to a verified delivery, 400 to anything else. */
export async function startHttpsReceiver(tls: SelfSigned, secret: () => string): Promise<HttpsReceiver> {
  const receiver = {
    verified: [] as string[],
    arrivals: [] as number[],
    refused: 0,
  };
  let verifier: { secret: string; webhook: Webhook } | null = null;
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const current = secret();
        if (verifier?.secret !== current) verifier = { secret: current, webhook: new Webhook(current) };
        verifier.webhook.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        receiver.verified.push(String(req.headers['webhook-id']));
        receiver.arrivals.push(Date.now());
        res.writeHead(204).end();
      } catch {
        receiver.refused += 1;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/hooks`,
    get verified() {
      return receiver.verified;
    },
    get arrivals() {
      return receiver.arrivals;
    },
    get refused() {
      return receiver.refused;
    },
    distinct: () => new Set(receiver.verified).size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
