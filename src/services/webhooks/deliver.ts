import { Webhook } from 'standardwebhooks';
import type { AppDeps } from '../../app-deps';
import { withoutNul } from '../../domain/nul-bytes';
import { FAILING_DISABLES_AFTER_SECONDS, WEBHOOK_LIMITS, webhookRetryDelaySeconds } from '../../domain/webhook-events';
import { webhookDisabledMail } from '../../mail/webhook-messages';
import { accountSettings } from '../../models/accounts';
import {
  accountManagers,
  claimDueDeliveries,
  disableSubscription,
  markAttemptFailed,
  markDelivered,
  markDeliveryGivenUp,
  subscriptionById,
  type AttemptOutcome,
  type DeliveryJob,
} from '../../models/webhooks';
import { recordAudit } from '../audit';
import { postJson, systemResolver, type Resolver } from './http-client';
import { signingSecrets } from './secrets';

export interface WebhookDelivererOptions {
  deps: Pick<AppDeps, 'db' | 'config' | 'mailer' | 'i18n'>;
  /** DNS; the system's unless a test gives a stub. */
  resolve?: Resolver;
  /** Now, for retries and the three days; tests move it. The signature's timestamp is always the real time. */
  clock?: () => Date;
  /** How long a claimed delivery is held before another worker may take it over (its worker died). */
  lockMs?: number;
  /** Deliveries sent at once by one worker. */
  concurrency?: number;
  connectMs?: number;
  totalMs?: number;
}

export interface DeliveryCounts {
  delivered: number;
  retried: number;
  failed: number;
}

export interface WebhookDeliverer {
  deliverDue(limit?: number): Promise<DeliveryCounts>;
}

/** The body every delivery carries: `{id, type, created_at, account_id, data}`. */
export function payloadOf(job: DeliveryJob): string {
  return JSON.stringify({
    id: job.event_public_id,
    type: job.event_type,
    created_at: job.event_created_at.toISOString(),
    account_id: job.event_account_id,
    data: job.event_data,
  });
}

/** The first 1 KB of an answer, as text for the subscription's page. */
function excerpt(body: Buffer): string {
  return withoutNul(body.subarray(0, WEBHOOK_LIMITS.keptResponseBytes).toString('utf8')).slice(
    0,
    WEBHOOK_LIMITS.keptResponseBytes,
  );
}

/**
 * Delivers due webhook deliveries: claimed with FOR UPDATE SKIP LOCKED (any number of workers), each
 * signed per the Standard Webhooks specification with the subscription's secret (and the previous
 * one for a day after a rotation), its outcome recorded. A 2xx is delivered; a 410 disables the
 * subscription at once; anything else is retried (30 s, 2 min, 10 min, 1 h, then every 6 h) until
 * the subscription has been failing for three days, when it is disabled. Its owner and admins are
 * told why by e-mail. Neither the secret nor the body is ever logged.
 */
export function createWebhookDeliverer(options: WebhookDelivererOptions): WebhookDeliverer {
  const { deps } = options;
  const { db, config } = deps;
  const clock = options.clock ?? (() => new Date());
  const resolve = options.resolve ?? systemResolver;
  const lockMs = options.lockMs ?? 60_000;
  const concurrency = options.concurrency ?? 16;

  async function tellManagers(
    within: WebhookDelivererOptions['deps'],
    job: DeliveryJob,
    reason: 'gone' | 'failing',
    lastError: string,
  ) {
    const trx = within.db;
    const sub = await subscriptionById(trx, job.subscription_id);
    if (!sub) return;
    const accountId = sub.account_id;
    const account = await accountSettings(trx, accountId);
    await recordAudit(trx, {
      action: 'webhook.disabled',
      accountId,
      targetType: 'webhook',
      targetId: job.subscription_id,
      metadata: { url: sub.url, reason },
      failed: reason === 'gone' ? 'webhook_gone' : 'webhook_failing',
    });
    for (const manager of await accountManagers(trx, accountId)) {
      await deps.mailer.enqueue(
        webhookDisabledMail(deps.i18n.getFixedT(manager.locale), {
          to: manager.email,
          firstName: manager.first_name,
          accountName: account?.name ?? '',
          url: sub.url,
          reason,
          lastError,
          pageUrl: `${config.baseUrl}/integrations/webhooks/${job.subscription_id}`,
          accountId,
        }),
        trx,
      );
    }
  }

  async function disable(
    within: WebhookDelivererOptions['deps'],
    job: DeliveryJob,
    reason: 'gone' | 'failing',
    lastError: string,
  ) {
    if (await disableSubscription(within.db, job.subscription_id, reason))
      await tellManagers(within, job, reason, lastError);
  }

  async function send(job: DeliveryJob): Promise<{ status: number | null; error: string; response: string }> {
    const secrets = signingSecrets(config.sessionSecret, job, clock());
    if (secrets.length === 0) return { status: null, error: 'the signing secret cannot be read', response: '' };
    const payload = payloadOf(job);
    const timestamp = new Date();
    const signature = secrets.map((s) => new Webhook(s).sign(job.event_public_id, timestamp, payload)).join(' ');
    try {
      const answer = await postJson(
        job.url,
        {
          'webhook-id': job.event_public_id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
          'user-agent': 'Cuentas-Webhooks/1',
        },
        payload,
        {
          resolve,
          allowPrivateNetworks: config.webhookAllowPrivateNetworks,
          httpsOnly: config.env === 'production',
          connectMs: options.connectMs,
          totalMs: options.totalMs,
        },
      );
      const ok = answer.status >= 200 && answer.status < 300;
      return { status: answer.status, error: ok ? '' : `HTTP ${answer.status}`, response: excerpt(answer.body) };
    } catch (err) {
      return { status: null, error: err instanceof Error ? err.message : String(err), response: '' };
    }
  }

  async function attempt(job: DeliveryJob): Promise<keyof DeliveryCounts> {
    const started = performance.now();
    const result = await send(job);
    const outcome: AttemptOutcome = {
      status: result.status,
      error: result.error,
      response: result.response,
      durationMs: Math.round(performance.now() - started),
      at: clock(),
    };
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await markDelivered(db, job, outcome);
      return 'delivered';
    }
    return db.transaction(async (trx) => {
      if (result.status === 410) {
        await markAttemptFailed(trx, job, outcome, { final: true, nextAttemptAt: outcome.at });
        await disable({ ...deps, db: trx }, job, 'gone', outcome.error);
        return 'failed' as const;
      }
      const next = new Date(outcome.at.getTime() + webhookRetryDelaySeconds(job.attempts) * 1000);
      const failingSince = await markAttemptFailed(trx, job, outcome, { final: false, nextAttemptAt: next });
      if (outcome.at.getTime() - failingSince.getTime() < FAILING_DISABLES_AFTER_SECONDS * 1000)
        return 'retried' as const;
      await markDeliveryGivenUp(trx, job.id);
      await disable({ ...deps, db: trx }, job, 'failing', outcome.error);
      return 'failed' as const;
    });
  }

  return {
    async deliverDue(limit = 64) {
      const counts: DeliveryCounts = { delivered: 0, retried: 0, failed: 0 };
      const jobs = await claimDueDeliveries(db, limit, clock(), lockMs);
      let next = 0;
      const lanes = Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
        while (next < jobs.length) counts[await attempt(jobs[next++])]++;
      });
      await Promise.all(lanes);
      return counts;
    },
  };
}
