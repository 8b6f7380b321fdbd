import type { RequestHandler } from 'express';
import type { AppDeps } from '../app-deps';
import type { Actor } from '../domain/actor';
import { looksLikeApiToken, type ApiScope } from '../domain/api-scopes';
import { findTokenAndHit, touchToken } from '../models/api-tokens';
import { secondsUntil } from '../services/rate-limits';
import { hashToken } from '../domain/tokens';
import { positiveId } from '../domain/ids';
import type { ManagedAccount, ParentAccount } from '../models/accounts';
import { ApiProblem } from './problem';

/** Who calls the API: a token, the account it acts for, and what it may do. */
export interface ApiCaller {
  tokenId: number;
  scopes: ApiScope[];
  /** The token's account, as its statement read it (the parent of an account created without parent_id). */
  account: ParentAccount;
  actor: Actor;
  /**
   * The account an /accounts/{id}/… path names, looked up below the token's account in the token's
   * own statement (`account` null when it is not there: a 404); absent on other paths.
   */
  pathAccount?: { param: string; account: ManagedAccount | null };
}

const REALM = 'Bearer realm="cuentas"';

const invalidToken = (detail: string) =>
  new ApiProblem(401, 'invalid_token', detail, {
    headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token", error_description="${detail}"` },
  });

/**
 * `Authorization: Bearer cta_…` (RFC 6750), looked up by its SHA-256 on every request, so a
 * revoked token stops at its next request, together with a hit on the token's per-minute limit,
 * counted in PostgreSQL so that every process shares it. No cookie is ever read below /api.
 */
export function authenticate(deps: AppDeps): RequestHandler {
  const limit = deps.config.apiRateLimitPerMinute;
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match)
      throw new ApiProblem(401, 'unauthenticated', 'Send an API token: Authorization: Bearer <token>.', {
        headers: { 'WWW-Authenticate': REALM },
      });
    const secret = match[1];
    // On an /accounts/{id}/… path, the account it names comes in the same round trip.
    const param = typeof req.params.id === 'string' ? req.params.id : undefined;
    const row = looksLikeApiToken(secret)
      ? await findTokenAndHit(deps.db, hashToken(secret), param === undefined ? null : positiveId(param))
      : undefined;
    if (!row) throw invalidToken('The token is unknown.');
    if (row.revoked_at) throw invalidToken('The token was revoked.');
    if (row.expires_at && row.expires_at <= deps.clock()) throw invalidToken('The token has expired.');
    if (row.account_status !== 'active')
      throw new ApiProblem(403, 'account_inactive', `The token's account is ${row.account_status}.`);

    res.set('RateLimit-Limit', String(limit));
    res.set('RateLimit-Remaining', String(Math.max(0, limit - row.hits)));
    if (row.hits > limit)
      throw new ApiProblem(429, 'rate_limited', `At most ${limit} requests a minute per token.`, {
        headers: { 'Retry-After': String(secondsUntil(row.reset_at)) },
      });
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)
      await touchToken(deps.db, row.id, req.ip ?? '');

    req.apiCaller = {
      tokenId: row.id,
      scopes: row.scopes,
      account: {
        id: row.account_id,
        kind: row.account_kind,
        name: row.account_name,
        realm: row.account_realm,
        time_zone: row.account_time_zone,
        locale: row.account_locale,
        enabled_sections: row.account_enabled_sections,
      },
      actor: {
        kind: 'token',
        tokenId: row.id,
        tokenName: row.name,
        createdByUserId: row.created_by_user_id,
        accountId: row.account_id,
        displayName: row.display_name,
      },
      ...(param === undefined ? {} : { pathAccount: { param, account: row.path_account } }),
    };
    next();
  };
}

/** The operation's scope, or a 403 naming it (RFC 6750's insufficient_scope). */
export function requireScope(caller: ApiCaller, scope: ApiScope): void {
  if (caller.scopes.includes(scope)) return;
  throw new ApiProblem(403, 'insufficient_scope', `This operation needs the scope ${scope}.`, {
    headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` },
    members: { required_scope: scope },
  });
}
