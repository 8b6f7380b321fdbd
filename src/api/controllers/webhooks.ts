import type { AppDeps } from '../../app-deps';
import { positiveId } from '../../domain/ids';
import { findSubscription, subscriptionsOf, type SubscriptionRow } from '../../models/webhooks';
import {
  createWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  updateWebhook,
} from '../../services/webhooks/subscriptions';
import type { ApiCaller } from '../auth';
import { refusal } from '../load';
import { operation } from '../operation';
import { notFoundProblem } from '../problem';
import {
  createdWebhookSchema,
  createWebhookBody,
  rotatedWebhookSchema,
  updateWebhookBody,
  webhookIdParam,
  webhookListSchema,
  webhookSchema,
} from '../schemas/webhooks';
import type { z } from 'zod';

const webhookJson = (s: SubscriptionRow): z.infer<typeof webhookSchema> => ({
  id: s.id,
  url: s.url,
  events: s.events,
  include_descendants: s.include_descendants,
  status: s.status,
  disabled_reason: s.disabled_reason,
  created_at: s.created_at.toISOString(),
  updated_at: s.updated_at.toISOString(),
});

/**
 * The token's own account's webhook subscriptions: list, create (the secret in the answer only,
 * repeat-safe with an Idempotency-Key), change or pause, rotate the secret (as the page does, also
 * repeat-safe: a retried rotation must not end the overlap of the secret it replaced), delete. One scope, `webhooks:write`, for
 * reads and writes: whoever may point the account's events somewhere may see where they go.
 */
export function webhookOperations(deps: AppDeps) {
  async function load(caller: ApiCaller, id: unknown): Promise<SubscriptionRow> {
    const subId = positiveId(id);
    const sub = subId === null ? undefined : await findSubscription(deps.db, caller.account.id, subId);
    if (!sub) throw notFoundProblem();
    return sub;
  }
  const params = { webhookId: webhookIdParam };

  return [
    operation({
      method: 'get',
      path: '/webhooks',
      scope: 'webhooks:write',
      operationId: 'listWebhooks',
      summary: 'The webhook subscriptions of the token’s account',
      tag: 'Webhooks',
      responses: { 200: { description: 'Every subscription, oldest first.', schema: webhookListSchema } },
      problems: [],
      handler: async ({ caller }) => ({
        status: 200,
        body: { data: (await subscriptionsOf(deps.db, caller.account.id)).map(webhookJson) },
      }),
    }),
    operation({
      method: 'post',
      path: '/webhooks',
      scope: 'webhooks:write',
      operationId: 'createWebhook',
      summary: 'Subscribe a URL to events; the answer carries the signing secret, once',
      tag: 'Webhooks',
      body: createWebhookBody,
      idempotencyKey: 'required',
      responses: {
        201: { description: 'The subscription and its secret (its path in Location).', schema: createdWebhookSchema },
      },
      problems: [400, 413, 415, 422],
      handler: async ({ req, caller, body }) => {
        const made = await createWebhook(deps, caller.actor, caller.account, body, req.ip);
        if (!made.ok) throw refusal(deps, made.errors);
        return {
          status: 201,
          body: { ...webhookJson(made.subscription), secret: made.secret },
          location: `/webhooks/${made.subscription.id}`,
        };
      },
    }),
    operation({
      method: 'patch',
      path: '/webhooks/:webhookId',
      scope: 'webhooks:write',
      operationId: 'updateWebhook',
      summary: 'Change a subscription, or pause / resume it (what is not sent stays as it is)',
      tag: 'Webhooks',
      params,
      body: updateWebhookBody,
      responses: { 200: { description: 'The subscription as it is now.', schema: webhookSchema } },
      problems: [400, 404, 413, 415, 422],
      handler: async ({ req, caller, params: p, body }) => {
        const sub = await load(caller, p.webhookId);
        const result = await updateWebhook(deps, caller.actor, caller.account, sub, body, req.ip);
        if (!result.ok) throw refusal(deps, result.errors);
        return { status: 200, body: webhookJson(result.subscription) };
      },
    }),
    operation({
      method: 'post',
      path: '/webhooks/:webhookId/rotate-secret',
      scope: 'webhooks:write',
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret, in the answer only; the previous one keeps signing beside it for 24 hours',
      tag: 'Webhooks',
      params,
      idempotencyKey: 'required',
      responses: {
        200: {
          description: 'The subscription, its new secret and until when the previous one also signs.',
          schema: rotatedWebhookSchema,
        },
      },
      problems: [400, 404, 422],
      handler: async ({ req, caller, params: p }) => {
        const sub = await load(caller, p.webhookId);
        const secret = await rotateWebhookSecret(deps, caller.actor, caller.account, sub, req.ip);
        const rotated = await load(caller, sub.id);
        return {
          status: 200,
          body: {
            ...webhookJson(rotated),
            secret,
            previous_secret_expires_at: (rotated.previous_secret_until ?? new Date()).toISOString(),
          },
        };
      },
    }),
    operation({
      method: 'delete',
      path: '/webhooks/:webhookId',
      scope: 'webhooks:write',
      operationId: 'deleteWebhook',
      summary: 'Delete a subscription and its delivery history',
      tag: 'Webhooks',
      params,
      responses: { 204: { description: 'Deleted.' } },
      problems: [404],
      handler: async ({ req, caller, params: p }) => {
        const sub = await load(caller, p.webhookId);
        await deleteWebhook(deps, caller.actor, caller.account, sub, req.ip);
        return { status: 204, body: undefined };
      },
    }),
  ];
}
