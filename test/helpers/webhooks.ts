import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { userActor } from '../../src/domain/actor';
import type { AppDeps } from '../../src/app-deps';
import type { Db } from '../../src/db/knex';
import type { WebhookEventType } from '../../src/domain/webhook-events';
import { createWebhook } from '../../src/services/webhooks/subscriptions';

/** A subscription made through the service (as «Integraciones» makes it), with its secret. */
export async function createSubscription(
  deps: AppDeps,
  accountId: number,
  userId: number,
  values: { url?: string; events?: WebhookEventType[]; includeDescendants?: boolean } = {},
) {
  const made = await createWebhook(
    deps,
    userActor(userId),
    { id: accountId },
    {
      url: values.url ?? 'http://127.0.0.1:9/hook',
      events: values.events ?? ['account.updated'],
      include_descendants: values.includeDescendants ?? false,
    },
  );
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return { id: made.subscription.id, secret: made.secret };
}

export interface EventRow {
  id: number;
  public_id: string;
  type: string;
  account_id: number;
  data: Record<string, unknown>;
}

export async function eventsOf(db: Db, accountId: number, type?: string): Promise<EventRow[]> {
  const q = db('webhook_events').where({ account_id: accountId }).orderBy('id');
  if (type) void q.where({ type });
  return q as Promise<EventRow[]>;
}

export async function deliveriesOf(db: Db, subscriptionId: number) {
  return db('webhook_deliveries as d')
    .join('webhook_events as e', 'e.id', 'd.event_id')
    .where('d.subscription_id', subscriptionId)
    .orderBy('d.id')
    .select('d.*', 'e.type', 'e.public_id') as Promise<
    {
      id: number;
      status: string;
      attempts: number;
      type: string;
      public_id: string;
      last_status: number | null;
      last_error: string;
      last_response: string;
    }[]
  >;
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What standardwebhooks made of it with the receiver's secret (null: verification failed). */
  verified: unknown;
}

/**
 * A receiver on 127.0.0.1 that verifies every request with the standardwebhooks library and
 * answers what `respond` says (200 by default).
 */
export async function startReceiver(
  secret: () => string,
  respond: (n: number, req: http.IncomingMessage) => { status: number; body?: string; delayMs?: number } = () => ({
    status: 200,
  }),
) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown;
      try {
        verified = new Webhook(secret()).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = null;
      }
      received.push({ headers: req.headers, body, verified });
      const answer = respond(received.length, req);
      const send = () => {
        res.writeHead(answer.status, { 'content-type': 'text/plain' });
        res.end(answer.body ?? 'ok');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
