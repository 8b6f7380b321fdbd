import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import dns from 'node:dns';
import { refusedAddressRange } from '../../domain/network-addresses';
import { WEBHOOK_LIMITS } from '../../domain/webhook-events';

/** Every address a host name resolves to (tests give a stub). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A destination refused before any connection: its address is not a public one (or https is required). */
export class RefusedDestination extends Error {}

export interface PostOptions {
  resolve: Resolver;
  allowPrivateNetworks: boolean;
  httpsOnly: boolean;
  connectMs?: number;
  totalMs?: number;
  maxResponseBytes?: number;
}

export interface PostResult {
  status: number;
  /** At most maxResponseBytes of the answer; the rest is never read. */
  body: Buffer;
}

/**
 * Resolves the host once, refuses it unless EVERY address is allowed, and connects to the checked
 * address (Node's `lookup` hook, so there is no second resolution between the check and the
 * connection for DNS rebinding to slip into).
 */
function guardedLookup(resolve: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 4);
        if (!allowPrivate) {
          for (const a of addresses) {
            const range = refusedAddressRange(a.address);
            if (range !== null)
              return callback(
                new RefusedDestination(`refused: ${hostname} resolves to ${a.address} (${range})`),
                '',
                4,
              );
          }
        }
        const chosen = addresses[0];
        if ((options as { all?: boolean }).all)
          return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [chosen]);
        return callback(null, chosen.address, chosen.family);
      },
      (err: Error) => callback(err, '', 4),
    );
  };
}

/**
 * Keep-alive agents, so that the deliveries to one host reuse their connections instead of a TCP
 * and TLS handshake each. A pooled connection was opened to an address the guard checked; it is
 * reused only by requests checked the same way (one pair of agents per resolver and address rule),
 * and closes after IDLE_MS unused, after which the next delivery resolves and checks anew.
 */
const IDLE_MS = 15_000;
const agents = new WeakMap<Resolver, Map<boolean, { http: http.Agent; https: https.Agent }>>();

function agentFor(protocol: string, resolve: Resolver, allowPrivate: boolean): http.Agent {
  let byRule = agents.get(resolve);
  if (!byRule) agents.set(resolve, (byRule = new Map()));
  let pair = byRule.get(allowPrivate);
  if (!pair) {
    const options = { keepAlive: true, maxFreeSockets: 32, timeout: IDLE_MS, scheduling: 'lifo' as const };
    pair = { http: new http.Agent(options), https: new https.Agent(options) };
    byRule.set(allowPrivate, pair);
  }
  return protocol === 'https:' ? pair.https : pair.http;
}

/**
 * POSTs a JSON body: 5 s to connect, 10 s in all, redirects not followed (a 3xx is simply the
 * answer), at most 64 KB of the answer read (a longer answer's connection is closed, not reused).
 */
export async function postJson(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const url = new URL(target);
  if (url.protocol !== 'https:' && (options.httpsOnly || url.protocol !== 'http:'))
    throw new RefusedDestination('refused: only https:// URLs are allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address written in the URL is not looked up by Node: check it here.
  if (net.isIP(host) && !options.allowPrivateNetworks) {
    const range = refusedAddressRange(host);
    if (range !== null) throw new RefusedDestination(`refused: ${host} (${range})`);
  }
  const connectMs = options.connectMs ?? WEBHOOK_LIMITS.connectMs;
  const totalMs = options.totalMs ?? WEBHOOK_LIMITS.totalMs;
  const maxBytes = options.maxResponseBytes ?? WEBHOOK_LIMITS.maxResponseBytes;
  const client = url.protocol === 'https:' ? https : http;

  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      if (err) reject(err);
      else resolve(result!);
    };
    const request = client.request(url, {
      method: 'POST',
      agent: agentFor(url.protocol, options.resolve, options.allowPrivateNetworks),
      lookup: guardedLookup(options.resolve, options.allowPrivateNetworks),
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    const total = setTimeout(() => request.destroy(new Error(`timed out after ${totalMs / 1000} s`)), totalMs);
    const connect = setTimeout(
      () => request.destroy(new Error(`no connection within ${connectMs / 1000} s`)),
      connectMs,
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connect);
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect));
    });
    request.on('error', (err) => finish(err));
    request.on('response', (answer) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        finish(null, { status: answer.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, maxBytes) });
      answer.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) {
          done();
          // The rest is never read: this connection cannot carry another request.
          answer.destroy();
        }
      });
      // Read to its end, the connection goes back to the agent for the next delivery.
      answer.on('end', done);
      answer.on('error', (err) => finish(err));
    });
    request.end(body);
  });
}
