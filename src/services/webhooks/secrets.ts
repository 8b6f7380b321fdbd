import { randomBytes } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from '../../domain/webhook-events';
import type { SubscriptionRow } from '../../models/webhooks';
import { decryptSecret, encryptSecret } from '../two-factor';

/** A new signing secret in the Standard Webhooks format: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Stored as the two-factor secrets are: AES-256-GCM under a key derived from SESSION_SECRET. */
export const sealSecret = (sessionSecret: string, secret: string): string => encryptSecret(sessionSecret, secret);

/**
 * The secrets that sign a delivery now: the current one, and the previous one for 24 hours after a
 * rotation (the webhook-signature header then carries both signatures). A secret that cannot be
 * read (SESSION_SECRET changed) signs nothing.
 */
export function signingSecrets(
  sessionSecret: string,
  sub: Pick<SubscriptionRow, 'secret_ciphertext' | 'previous_secret_ciphertext' | 'previous_secret_until'>,
  now: Date,
): string[] {
  const current = decryptSecret(sessionSecret, sub.secret_ciphertext);
  const previous =
    sub.previous_secret_ciphertext && sub.previous_secret_until && sub.previous_secret_until > now
      ? decryptSecret(sessionSecret, sub.previous_secret_ciphertext)
      : null;
  return [current, previous].filter((s): s is string => s !== null);
}
