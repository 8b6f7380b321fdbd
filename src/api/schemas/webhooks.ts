import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events';
import { isWebhookUrl } from '../../forms/hub/webhook';

/** Webhook subscriptions of the token's own account (issue 20); docs/webhooks.md describes the deliveries. */
const url = z
  .string()
  .trim()
  .refine(isWebhookUrl, { message: 'An absolute http(s) URL of at most 2000 characters, without user or password.' })
  .meta({
    description: 'Where each event is POSTed. Only https:// in production.',
    example: 'https://billing.example/hooks',
  });
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((e) => [...new Set(e)]);

export const webhookIdParam = z.string().regex(/^[1-9][0-9]{0,15}$/);

export const webhookSchema = z.strictObject({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  include_descendants: z.boolean().meta({ description: 'Also the events of every account below the token’s.' }),
  status: z.enum(['active', 'paused', 'disabled']),
  disabled_reason: z
    .enum(['gone', 'failing'])
    .nullable()
    .meta({ description: '`gone`: the URL answered 410; `failing`: three days without a delivery.' }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const createdWebhookSchema = webhookSchema.extend({
  secret: z
    .string()
    .meta({ description: 'The signing secret (`whsec_…`, Standard Webhooks). Only in this answer: store it now.' }),
});

export const rotatedWebhookSchema = createdWebhookSchema.extend({
  previous_secret_expires_at: z.iso
    .datetime()
    .meta({ description: 'Until then deliveries carry a signature with the previous secret too (24 hours).' }),
});

export const webhookListSchema = z.strictObject({ data: z.array(webhookSchema) });

export const createWebhookBody = z.strictObject({
  url,
  events,
  include_descendants: z.boolean().default(false),
});

export const updateWebhookBody = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  include_descendants: z.boolean().optional(),
  status: z
    .enum(['active', 'paused'])
    .optional()
    .meta({ description: '`paused` stops new deliveries; `active` resumes (also a disabled subscription).' }),
});
