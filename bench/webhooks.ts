/* Webhook throughput: `npm run worker`'s process (production mode) delivering to a local https receiver. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../src/db/knex';
import { newWebhookSecret, sealSecret } from '../src/services/webhooks/secrets';
import { selfSignedCertificate, startHttpsReceiver } from '../test/helpers/https-receiver';
import type { Throughput } from './mail';
import { rssMb, startWorker, stopProcess } from './processes';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Queues `count` events (a ledger entry each, as the app writes them) for one subscription of the
 * platform account, starts one worker process and counts the deliveries that reach the receiver —
 * which verifies every signature with standardwebhooks (an HMAC-SHA256 each: cheap beside the
 * worker's work) and answers 204 — from the first one on, until all have arrived or `seconds` have
 * passed. The receiver listens on https with its own certificate, which the worker trusts through
 * NODE_EXTRA_CA_CERTS (test/helpers/https-receiver.ts): production's https rule stays on.
 * Failed = deliveries the worker recorded an error for, plus signatures that did not verify.
 */
export async function measureWebhooks(
  db: Db,
  databaseUrl: string,
  count: number,
  seconds: number,
  /** Node's arguments for the worker (a CPU profile: `--cpu-prof`). */
  nodeArgs: string[] = [],
): Promise<Throughput> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-bench-hooks-'));
  const tls = selfSignedCertificate(dir);
  const sessionSecret = randomBytes(32).toString('hex');
  const secret = newWebhookSecret();
  const receiver = await startHttpsReceiver(tls, () => secret);
  const account = (await db.raw(`SELECT id FROM accounts WHERE kind = 'platform' ORDER BY id LIMIT 1`)).rows[0]
    .id as number;
  const sub = (
    await db.raw(
      `INSERT INTO webhook_subscriptions (account_id, url, events, include_descendants, secret_ciphertext)
       VALUES (?, ?, ARRAY['ledger.entry_created'], false, ?) RETURNING id`,
      [account, receiver.url, sealSecret(sessionSecret, secret)],
    )
  ).rows[0].id as number;
  await db.raw(
    `WITH ev AS (
       INSERT INTO webhook_events (public_id, type, account_id, data)
       SELECT 'evt_' || md5(random()::text || g), 'ledger.entry_created', ?,
              jsonb_build_object('id', g, 'direction', 'add', 'amount', '15.00', 'currency', 'MXN',
                                 'note', 'Pago ' || g, 'reference', 'PAY-' || g, 'created_at', now())
         FROM generate_series(1, ?) g
       RETURNING id
     )
     INSERT INTO webhook_deliveries (event_id, subscription_id) SELECT id, ? FROM ev`,
    [account, count, sub],
  );
  const waiting = async () =>
    Number(
      (
        await db.raw(
          `SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? AND status IN ('pending', 'sending')`,
          [sub],
        )
      ).rows[0].n,
    );
  const worker = await startWorker(databaseUrl, 9, nodeArgs, {
    SESSION_SECRET: sessionSecret,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    NODE_EXTRA_CA_CERTS: tls.certFile,
  });
  let rss: number;
  try {
    // The worker polls every second: the clock starts at the first delivery.
    await waitFor(async () => receiver.arrivals.length > 0, 10_000);
    const end = Date.now() + seconds * 1000;
    await waitFor(async () => Date.now() >= end || (await waiting()) === 0, seconds * 1000 + 5_000);
    rss = rssMb(worker.pid);
  } finally {
    await stopProcess(worker);
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const errors = Number(
    (await db.raw(`SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? AND last_error <> ''`, [sub]))
      .rows[0].n,
  );
  const delivered = receiver.arrivals.length;
  const span = ((receiver.arrivals[delivered - 1] ?? 0) - (receiver.arrivals[0] ?? 0)) / 1000;
  return {
    messages: delivered,
    perSecond: delivered > 1 && span > 0 ? (delivered - 1) / span : 0,
    failed: errors + receiver.refused,
    rss,
  };
}
