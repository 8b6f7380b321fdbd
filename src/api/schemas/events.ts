import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events';

/*
 * What webhook events carry for tickets, which have no GET of their own yet (accounts, ledger
 * entries, invoices and users carry what their GET answers). Published in the OpenAPI document's
 * components and held against src/services/representations/people.ts by the tests.
 */
export const webhookTicketSchema = z.strictObject({
  id: z.number().int(),
  number: z.string().meta({ description: 'Six digits, as the customer sees it.' }),
  account_id: z.number().int(),
  subject: z.string(),
  department: z.enum(['support', 'billing', 'sales']),
  priority: z.enum(['low', 'medium', 'high']),
  status: z.enum(['open', 'answered', 'customer_reply', 'on_hold', 'closed']),
  source: z.enum(['portal', 'email', 'staff']),
  requester_email: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

/** The body of every delivery. */
export const webhookPayloadSchema = z.strictObject({
  id: z.string().meta({ description: 'The event’s id, also in the webhook-id header; the same on every retry.' }),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  created_at: z.iso.datetime(),
  account_id: z.number().int().meta({ description: 'The account the change happened in.' }),
  data: z.record(z.string(), z.unknown()),
});

export const EVENT_COMPONENTS = {
  WebhookPayload: webhookPayloadSchema,
  WebhookTicket: webhookTicketSchema,
};
