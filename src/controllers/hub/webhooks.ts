import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { userActor } from '../../domain/actor';
import { NotFoundError } from '../../domain/errors';
import { positiveId } from '../../domain/ids';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events';
import type { FieldErrors } from '../../forms/form';
import { parseWebhook } from '../../forms/hub/webhook';
import { saveSession } from '../../middleware/session';
import { findSubscription, recentDeliveries, type SubscriptionRow } from '../../models/webhooks';
import {
  createWebhook,
  deleteWebhook,
  resendDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from '../../services/webhooks/subscriptions';
import { withMember } from '../handlers';
import { redirectWithError, redirectWithFlash } from '../respond';

export interface WebhookFormState {
  values: Record<string, string>;
  events: string[];
  includeDescendants: boolean;
  errors: FieldErrors;
}

export const EMPTY_WEBHOOK_FORM: WebhookFormState = {
  values: { url: '' },
  events: [],
  includeDescendants: false,
  errors: {},
};

/**
 * Webhooks in Integraciones: add one (its secret shown once), its page with recent deliveries and
 * «Reenviar», pause / resume, rotate the secret, delete (asked first). The list and the add form are
 * on /integrations (integrations.ts renders them with the tokens).
 */
export function webhooksController(
  deps: AppDeps,
  renderIndex: (res: Response, current: MemberUser, status: number, webhookForm: WebhookFormState) => Promise<void>,
) {
  const { db } = deps;
  const pageOf = (sub: Pick<SubscriptionRow, 'id'>) => `/integrations/webhooks/${sub.id}`;

  async function load(current: MemberUser, id: unknown): Promise<SubscriptionRow> {
    const subId = positiveId(id);
    const sub = subId === null ? undefined : await findSubscription(db, current.account.id, subId);
    if (!sub) throw new NotFoundError();
    return sub;
  }

  async function remember(req: Request, id: number, secret: string) {
    req.session.newWebhookSecret = { id, secret };
    await saveSession(req);
  }

  return {
    /** POST /integrations/webhooks — 303 to its page, which shows the secret once. */
    create: withMember(async (req, res, current) => {
      const form = parseWebhook(req.body);
      if (!form.ok) return renderIndex(res, current, 422, form);
      const made = await createWebhook(deps, userActor(current.id), current.account, form.data, req.ip);
      if (!made.ok)
        return renderIndex(res, current, 422, {
          values: { url: form.data.url },
          events: form.data.events,
          includeDescendants: form.data.include_descendants,
          errors: made.errors,
        });
      req.session.newWebhookSecret = { id: made.subscription.id, secret: made.secret };
      await redirectWithFlash(req, res, pageOf(made.subscription), 'flash.webhook_created', { url: form.data.url });
    }),

    /** GET /integrations/webhooks/:id — its settings, the secret once, and its recent deliveries. */
    show: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      const fresh = req.session.newWebhookSecret?.id === sub.id ? req.session.newWebhookSecret.secret : null;
      if (fresh) {
        delete req.session.newWebhookSecret;
        await saveSession(req);
      }
      res.render('hub/webhooks/show', {
        sub,
        secret: fresh,
        deliveries: await recentDeliveries(db, sub.id),
        allEvents: WEBHOOK_EVENT_TYPES,
      });
    }),

    /** POST /integrations/webhooks/:id/pause */
    pause: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      await updateWebhook(deps, userActor(current.id), current.account, sub, { status: 'paused' }, req.ip);
      await redirectWithFlash(req, res, pageOf(sub), 'flash.webhook_paused');
    }),

    /** POST /integrations/webhooks/:id/resume — also enables again one that was disabled. */
    resume: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      await updateWebhook(deps, userActor(current.id), current.account, sub, { status: 'active' }, req.ip);
      await redirectWithFlash(req, res, pageOf(sub), 'flash.webhook_resumed');
    }),

    /** POST /integrations/webhooks/:id/rotate — the new secret shown once; the old one signs for 24 h more. */
    rotate: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      const secret = await rotateWebhookSecret(deps, userActor(current.id), current.account, sub, req.ip);
      await remember(req, sub.id, secret);
      await redirectWithFlash(req, res, pageOf(sub), 'flash.webhook_rotated');
    }),

    /** GET /integrations/webhooks/:id/delete — «¿Eliminar?» */
    confirmDelete: withMember(async (req, res, current) => {
      res.render('hub/webhooks/delete', { sub: await load(current, req.params.id) });
    }),

    /** POST /integrations/webhooks/:id/delete */
    destroy: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      await deleteWebhook(deps, userActor(current.id), current.account, sub, req.ip);
      await redirectWithFlash(req, res, '/integrations', 'flash.webhook_deleted', { url: sub.url });
    }),

    /** POST /integrations/webhooks/:id/deliveries/:deliveryId/resend — «Reenviar» */
    resend: withMember(async (req, res, current) => {
      const sub = await load(current, req.params.id);
      const deliveryId = positiveId(req.params.deliveryId);
      if (deliveryId === null) throw new NotFoundError();
      const done = await resendDelivery(deps, userActor(current.id), current.account, sub, deliveryId, req.ip);
      if (done === 'missing') throw new NotFoundError();
      if (done === 'busy') return redirectWithError(req, res, pageOf(sub), 'flash.webhook_resend_busy');
      await redirectWithFlash(req, res, pageOf(sub), 'flash.webhook_resent');
    }),
  };
}
