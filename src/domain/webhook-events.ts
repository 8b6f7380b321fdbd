/** What a webhook subscription may ask to hear about (issue 20); each is emitted by the service that makes the change. */
export const WEBHOOK_EVENT_TYPES = [
  'account.created',
  'account.updated',
  'account.suspended',
  'account.reactivated',
  'account.closed',
  'ledger.entry_created',
  'user.invited',
  'user.registered',
  'user.blocked',
  'ticket.created',
  'ticket.replied',
  'ticket.closed',
  'invoice.created',
  'invoice.status_changed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: unknown): value is WebhookEventType =>
  typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** A signing secret in the Standard Webhooks format: `whsec_` and the base64 of 32 random bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** How long a rotated-out secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

/**
 * Seconds before attempt n+1 after n failed ones: about 30 s, 2 min, 10 min, 1 h, then every 6 h.
 * A subscription that has been failing for FAILING_DISABLES_AFTER_SECONDS is disabled.
 */
export function webhookRetryDelaySeconds(failedAttempts: number): number {
  const steps = [30, 120, 600, 3600];
  return steps[failedAttempts - 1] ?? 6 * 3600;
}

export const FAILING_DISABLES_AFTER_SECONDS = 3 * 24 * 3600;

/** What a delivery may take: 5 s to connect, 10 s in all, and at most 64 KB of the answer read. */
export const WEBHOOK_LIMITS = {
  connectMs: 5000,
  totalMs: 10_000,
  maxResponseBytes: 64 * 1024,
  keptResponseBytes: 1024,
};
