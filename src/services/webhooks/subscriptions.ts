import type { AppDeps } from '../../app-deps';
import type { CurrentAccount } from '../../current-user';
import { actorUserId, type Actor } from '../../domain/actor';
import type { AuditAction } from '../../domain/audit-actions';
import { changesOf, type Change } from '../../domain/audit-changes';
import { refusedAddressRange } from '../../domain/network-addresses';
import { PREVIOUS_SECRET_HOURS } from '../../domain/webhook-events';
import type { FieldErrors } from '../../forms/form';
import type { WebhookInput } from '../../forms/hub/webhook';
import {
  deleteSubscription,
  deliveryExists,
  insertSubscription,
  requeueDelivery,
  updateSubscription,
  type SubscriptionRow,
} from '../../models/webhooks';
import { recordAudit } from '../audit';
import { newWebhookSecret, sealSecret } from './secrets';

/*
 * Webhook subscriptions of a reseller or platform account, for «Integraciones» and the API alike:
 * each change is one transaction with its audit event. The secret exists in full only in the answer
 * to a create or a rotation; the table keeps it encrypted.
 */

/**
 * Where a subscription may point: https only in production, and never a literal address in a
 * refused range while private networks are not allowed (a name is checked at every delivery, since
 * what it resolves to can change).
 */
export function urlProblems(deps: Pick<AppDeps, 'config'>, url: string): FieldErrors {
  const parsed = new URL(url);
  if (deps.config.env === 'production' && parsed.protocol !== 'https:') return { url: 'errors.webhook.url.https' };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (
    !deps.config.webhookAllowPrivateNetworks &&
    refusedAddressRange(host) !== null &&
    refusedAddressRange(host) !== 'invalid'
  )
    return { url: 'errors.webhook.url.private' };
  return {};
}

async function audit(
  { db }: Pick<AppDeps, 'db'>,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  sub: Pick<SubscriptionRow, 'id' | 'url'>,
  action: AuditAction,
  ip?: string,
  metadata: Record<string, string | number | boolean> = {},
  changes: Change[] = [],
) {
  await recordAudit(db, {
    action,
    accountId: account.id,
    actor,
    targetType: 'webhook',
    targetId: sub.id,
    ip,
    metadata: { url: sub.url, ...metadata },
    changes,
  });
}

export type CreateWebhookResult =
  { ok: true; subscription: SubscriptionRow; secret: string } | { ok: false; errors: FieldErrors };

export async function createWebhook(
  deps: AppDeps,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  input: WebhookInput,
  ip?: string,
): Promise<CreateWebhookResult> {
  const errors = urlProblems(deps, input.url);
  if (Object.keys(errors).length) return { ok: false, errors };
  const secret = newWebhookSecret();
  return deps.db.transaction(async (trx) => {
    const subscription = await insertSubscription(trx, {
      account_id: account.id,
      url: input.url,
      events: input.events,
      include_descendants: input.include_descendants,
      secret_ciphertext: sealSecret(deps.config.sessionSecret, secret),
      created_by_user_id: actorUserId(actor),
    });
    await audit(
      { ...deps, db: trx },
      actor,
      account,
      subscription,
      'webhook.created',
      ip,
      { events: input.events.join(','), include_descendants: input.include_descendants },
      changesOf('webhook', null, subscription),
    );
    return { ok: true as const, subscription, secret };
  });
}

export interface WebhookChange {
  url?: string;
  events?: WebhookInput['events'];
  include_descendants?: boolean;
  /** Pause (`paused`) or resume (`active`); a disabled subscription is enabled again with `active`. */
  status?: 'active' | 'paused';
}

export type UpdateWebhookResult = { ok: true; subscription: SubscriptionRow } | { ok: false; errors: FieldErrors };

/** Changes what was given; pausing and resuming are their own audit events. */
export async function updateWebhook(
  deps: AppDeps,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  sub: SubscriptionRow,
  change: WebhookChange,
  ip?: string,
): Promise<UpdateWebhookResult> {
  if (change.url !== undefined) {
    const errors = urlProblems(deps, change.url);
    if (Object.keys(errors).length) return { ok: false, errors };
  }
  return deps.db.transaction(async (trx) => {
    const statusChange =
      change.status !== undefined && change.status !== sub.status
        ? { status: change.status, disabled_reason: null, failing_since: null }
        : {};
    const subscription = await updateSubscription(trx, sub.id, {
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.events !== undefined ? { events: change.events } : {}),
      ...(change.include_descendants !== undefined ? { include_descendants: change.include_descendants } : {}),
      ...statusChange,
    });
    const settings =
      change.url !== undefined || change.events !== undefined || change.include_descendants !== undefined;
    if (settings)
      await audit(
        { ...deps, db: trx },
        actor,
        account,
        subscription,
        'webhook.updated',
        ip,
        { events: subscription.events.join(','), include_descendants: subscription.include_descendants },
        changesOf('webhook', sub, { ...subscription, status: sub.status }),
      );
    if (statusChange.status)
      await audit(
        { ...deps, db: trx },
        actor,
        account,
        subscription,
        statusChange.status === 'paused' ? 'webhook.paused' : 'webhook.resumed',
        ip,
        {},
        changesOf('webhook', { status: sub.status }, { status: subscription.status }),
      );
    return { ok: true as const, subscription };
  });
}

/** A new secret; the one it replaces keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(
  deps: AppDeps,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  sub: SubscriptionRow,
  ip?: string,
): Promise<string> {
  const secret = newWebhookSecret();
  const until = new Date(deps.clock().getTime() + PREVIOUS_SECRET_HOURS * 3600_000);
  return deps.db.transaction(async (trx) => {
    await updateSubscription(trx, sub.id, {
      secret_ciphertext: sealSecret(deps.config.sessionSecret, secret),
      previous_secret_ciphertext: sub.secret_ciphertext,
      previous_secret_until: until,
    });
    await audit({ ...deps, db: trx }, actor, account, sub, 'webhook.secret_rotated', ip);
    return secret;
  });
}

/** Deletes the subscription with its deliveries (the events stay for the other subscriptions). */
export async function deleteWebhook(
  deps: AppDeps,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  sub: SubscriptionRow,
  ip?: string,
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await deleteSubscription(trx, sub.id);
    await audit({ ...deps, db: trx }, actor, account, sub, 'webhook.deleted', ip);
  });
}

/**
 * «Reenviar»: the delivery goes again now (whatever became of it): `busy` while a worker is sending
 * it, `missing` when it is not one of this subscription's.
 */
export async function resendDelivery(
  deps: AppDeps,
  actor: Actor,
  account: Pick<CurrentAccount, 'id'>,
  sub: SubscriptionRow,
  deliveryId: number,
  ip?: string,
): Promise<'resent' | 'busy' | 'missing'> {
  return deps.db.transaction(async (trx) => {
    if (!(await deliveryExists(trx, sub.id, deliveryId))) return 'missing' as const;
    if (!(await requeueDelivery(trx, sub.id, deliveryId, deps.clock()))) return 'busy' as const;
    await audit({ ...deps, db: trx }, actor, account, sub, 'webhook.delivery_resent', ip, { delivery: deliveryId });
    return 'resent' as const;
  });
}
