import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { userActor } from '../../domain/actor';
import { API_SCOPES, TOKEN_LIFETIMES } from '../../domain/api-scopes';
import type { FieldErrors } from '../../forms/form';
import { parseApiToken } from '../../forms/hub/api-token';
import { NotFoundError } from '../../domain/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { findToken, tokensOf, type TokenListRow } from '../../models/api-tokens';
import { issueApiToken, revokeApiToken } from '../../services/api-tokens';
import { withMember } from '../handlers';
import { subscriptionsOf } from '../../models/webhooks';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events';
import { EMPTY_WEBHOOK_FORM, webhooksController, type WebhookFormState } from './webhooks';
import { positiveId } from '../../domain/ids';

/** Integraciones: the account's API tokens; make one (shown once), revoke one (asked first). */
export function integrationsController(deps: AppDeps) {
  const { db } = deps;

  async function renderIndex(
    res: Response,
    current: MemberUser,
    status: number,
    form: { values: Record<string, string>; scopes: string[]; errors: FieldErrors },
    webhookForm: WebhookFormState = EMPTY_WEBHOOK_FORM,
  ) {
    const now = deps.clock();
    const tokens = (await tokensOf(db, current.account.id)).map((tk) => ({
      ...tk,
      state: tk.revoked_at ? 'revoked' : tk.expires_at && tk.expires_at <= now ? 'expired' : 'active',
    }));
    res.status(status).render('hub/integrations/index', {
      tokens,
      allScopes: API_SCOPES,
      lifetimes: TOKEN_LIFETIMES,
      values: form.values,
      scopes: form.scopes,
      errors: form.errors,
      webhooks: await subscriptionsOf(db, current.account.id),
      allEvents: WEBHOOK_EVENT_TYPES,
      webhookForm,
    });
  }

  const emptyTokenForm = () => ({ values: { name: '', expires_in_days: '90' }, scopes: [], errors: {} });

  async function load(current: MemberUser, id: unknown): Promise<TokenListRow> {
    const tokenId = positiveId(id);
    const token = tokenId === null ? undefined : await findToken(db, current.account.id, tokenId);
    if (!token) throw new NotFoundError();
    return token;
  }

  return {
    /** GET /integrations */
    index: withMember((_req, res, current) => renderIndex(res, current, 200, emptyTokenForm())),

    webhooks: webhooksController(deps, (res, current, status, webhookForm) =>
      renderIndex(res, current, status, emptyTokenForm(), webhookForm),
    ),

    /** POST /integrations/tokens — 303 to the page that shows the token once. */
    create: withMember(async (req: Request, res: Response, current) => {
      const form = parseApiToken(req.body);
      if (!form.ok) return renderIndex(res, current, 422, form);
      const made = await issueApiToken(deps, userActor(current.id), current.account, form.data, req.ip);
      req.session.newApiToken = made;
      setFlash(req, 'flash.api_token_created', { name: form.data.name });
      await saveSession(req);
      return res.redirect(303, `/integrations/tokens/${made.id}`);
    }),

    /** GET /integrations/tokens/:id — the secret the first time, then only that it was shown. */
    show: withMember(async (req, res, current) => {
      const token = await load(current, req.params.id);
      const fresh = req.session.newApiToken?.id === token.id ? req.session.newApiToken.token : null;
      if (fresh) {
        delete req.session.newApiToken;
        await saveSession(req);
      }
      res.render('hub/integrations/show', { token, secret: fresh, baseUrl: deps.config.baseUrl });
    }),

    /** GET /integrations/tokens/:id/revoke — «¿Revocar?» */
    confirmRevoke: withMember(async (req, res, current) => {
      const token = await load(current, req.params.id);
      if (token.revoked_at) return res.redirect(303, '/integrations');
      return res.render('hub/integrations/revoke', { token });
    }),

    /** POST /integrations/tokens/:id/revoke */
    revoke: withMember(async (req, res, current) => {
      const token = await load(current, req.params.id);
      await revokeApiToken(deps, userActor(current.id), current.account, token, req.ip);
      setFlash(req, 'flash.api_token_revoked', { name: token.name });
      await saveSession(req);
      res.redirect(303, '/integrations');
    }),
  };
}
