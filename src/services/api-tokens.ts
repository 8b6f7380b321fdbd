import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps';
import type { CurrentAccount } from '../current-user';
import { actorUserId, type Actor } from '../domain/actor';
import { API_TOKEN_PREFIX, type ApiScope } from '../domain/api-scopes';
import { changesOf } from '../domain/audit-changes';
import { apiTokenMail } from '../mail/api-token-messages';
import { accountSettings, ownerOf } from '../models/accounts';
import { actorName } from '../models/actors';
import { insertToken, revokeToken, type TokenListRow } from '../models/api-tokens';
import { findUserByEmail } from '../models/users';
import { recordAudit } from './audit';
import { hashToken } from '../domain/tokens';

export interface NewApiToken {
  name: string;
  scopes: ApiScope[];
  /** Null: it never expires (until revoked). */
  expires_in_days: number | null;
}

/** The account's owner hears of every token made or revoked, in their language (in the caller's transaction). */
async function tellOwner(
  deps: AppDeps,
  actor: Actor,
  account: CurrentAccount,
  tokenName: string,
  change: 'created' | 'revoked',
) {
  const { db } = deps;
  const owner = await ownerOf(db, account.id);
  if (!owner) return;
  const login = await findUserByEmail(db, owner.email);
  const locale = login?.locale ?? (await accountSettings(db, account.id))?.locale ?? 'es';
  await deps.mailer.enqueue(
    apiTokenMail(deps.i18n.getFixedT(locale), {
      to: owner.email,
      firstName: owner.first_name,
      accountName: account.name,
      tokenName,
      actorName: await actorName(db, actor),
      change,
      url: `${deps.config.baseUrl}/integrations`,
      accountId: account.id,
    }),
    db,
  );
}

/**
 * Makes a token for the account (one transaction: the row, its audit event, the owner's e-mail).
 * The secret is `cta_` and 43 random base64url characters; only its SHA-256 and the first eight
 * characters are kept, so this is the only time it exists in full.
 */
export async function issueApiToken(
  deps: AppDeps,
  actor: Actor,
  account: CurrentAccount,
  input: NewApiToken,
  ip?: string,
): Promise<{ id: number; token: string }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt =
    input.expires_in_days === null ? null : new Date(deps.clock().getTime() + input.expires_in_days * 86_400_000);
  return deps.db.transaction(async (trx) => {
    const id = await insertToken(trx, {
      account_id: account.id,
      name: input.name,
      scopes: input.scopes,
      token_hash: hashToken(token),
      prefix: token.slice(0, 8),
      created_by_user_id: actorUserId(actor),
      expires_at: expiresAt,
    });
    await recordAudit(trx, {
      action: 'api_token.created',
      accountId: account.id,
      actor,
      targetType: 'api_token',
      targetId: id,
      ip,
      metadata: { name: input.name, scopes: input.scopes.join(',') },
      changes: changesOf('api_token', null, { name: input.name, scopes: input.scopes }),
    });
    await tellOwner({ ...deps, db: trx }, actor, account, input.name, 'created');
    return { id, token };
  });
}

/** Revokes the token: its next request is refused. False when it was revoked already. */
export async function revokeApiToken(
  deps: AppDeps,
  actor: Actor,
  account: CurrentAccount,
  token: TokenListRow,
  ip?: string,
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    if (!(await revokeToken(trx, account.id, token.id, actorUserId(actor)))) return false;
    await recordAudit(trx, {
      action: 'api_token.revoked',
      accountId: account.id,
      actor,
      targetType: 'api_token',
      targetId: token.id,
      ip,
      metadata: { name: token.name },
    });
    await tellOwner({ ...deps, db: trx }, actor, account, token.name, 'revoked');
    return true;
  });
}
