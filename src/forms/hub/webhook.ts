import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../domain/webhook-events';
import { parseForm, type FieldErrors } from '../form';
import { checkboxes } from '../fields';

/** «Agregar webhook» in Integraciones: where to send, which events, and whether sub-accounts' events too. */
export const WEBHOOK_FIELDS = ['url'] as const;

/** An absolute http(s) URL without user name or password, of at most 2000 characters. */
export function isWebhookUrl(value: string): boolean {
  if (value.length > 2000) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !!url.hostname;
}

export const webhookUrlField = z
  .string({ error: 'errors.webhook.url.required' })
  .trim()
  .min(1, 'errors.webhook.url.required')
  .refine(isWebhookUrl, 'errors.webhook.url.invalid');

export const webhookEventsField = checkboxes(WEBHOOK_EVENT_TYPES, 'errors.webhook.events.invalid').refine(
  (e) => e.length > 0,
  { message: 'errors.webhook.events.required' },
);

const schema = z.object({
  url: webhookUrlField,
  events: webhookEventsField,
  include_descendants: z
    .string()
    .optional()
    .transform((v) => v === 'true'),
});

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  include_descendants: boolean;
}

export function parseWebhook(
  body: unknown,
):
  | { ok: true; data: WebhookInput }
  | { ok: false; values: Record<string, string>; events: string[]; includeDescendants: boolean; errors: FieldErrors } {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const result = parseForm(schema, { ...source, events: source.events ?? [] }, WEBHOOK_FIELDS);
  if (result.ok) return result;
  const given: unknown[] = Array.isArray(source.events) ? source.events : [source.events];
  return {
    ok: false,
    values: result.values,
    events: given.filter((s): s is string => typeof s === 'string'),
    includeDescendants: source.include_descendants === 'true',
    errors: result.errors,
  };
}
