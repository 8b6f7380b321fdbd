import type { AccountKind } from '../domain/account-kinds';
import { prepared, type Db } from '../db/knex';
import type { ApiScope } from '../domain/api-scopes';
import type { Section } from '../domain/permissions';
import type { ManagedAccount } from './accounts';
import { HIT_ON_CONFLICT } from './rate-limits';

/** What a request's bearer token resolves to: the token and the account it acts for. */
export interface TokenRow {
  id: number;
  account_id: number;
  name: string;
  scopes: ApiScope[];
  created_by_user_id: number | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  account_kind: AccountKind;
  account_name: string;
  account_realm: string;
  account_time_zone: string;
  account_locale: 'es' | 'en';
  account_enabled_sections: Section[];
  account_status: 'active' | 'suspended' | 'closed';
  /** Its creator's name, else its account's: how an e-mail names what the token did. */
  display_name: string;
}

/**
 * The token with this SHA-256, whatever its state (the caller tells revoked and expired apart),
 * and in the same statement one hit on its per-minute counter (`rate_limits`, key
 * `api-token:<id>`): one round trip for every API request before its own query. With
 * `pathAccountId` (an /accounts/{id}/… path), also that account if it is below the token's account
 * (a child or a child's child, as findManagedAccount finds it), else `path_account` is null.
 */
export async function findTokenAndHit(
  db: Db,
  hash: Buffer,
  pathAccountId: number | null = null,
): Promise<(TokenRow & { hits: number; reset_at: Date; path_account: ManagedAccount | null }) | undefined> {
  // Prepared: every API request runs it, and planning a CTE costs more than running it.
  const result = await prepared(
    db.raw<{ rows: (TokenRow & { hits: number; reset_at: Date; path_account: ManagedAccount | null })[] }>(
      // The counter's row is hot (every request of the token updates it): the statement commits
      // without waiting for the WAL flush (synchronous_commit off for this transaction alone), so the
      // row lock is not held across an fsync. A crash may forget the last hits of a counter; nothing
      // else is written here.
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
     t AS (
       SELECT t.id, t.account_id, t.name, t.scopes, t.created_by_user_id, t.expires_at, t.revoked_at,
              t.last_used_at, a.kind AS account_kind, a.name AS account_name, a.realm AS account_realm,
              a.time_zone AS account_time_zone, a.locale AS account_locale,
              a.enabled_sections AS account_enabled_sections, a.status AS account_status,
              coalesce(trim(u.first_name || ' ' || u.last_name), a.name) AS display_name
         FROM api_tokens t JOIN accounts a ON a.id = t.account_id LEFT JOIN users u ON u.id = t.created_by_user_id
        WHERE t.token_hash = ?
     ), hit AS (
       INSERT INTO rate_limits (key, hits, reset_at)
       SELECT 'api-token:' || t.id, 1, now() + interval '60 seconds' FROM t, async
       ${HIT_ON_CONFLICT}
     ), m AS (
       SELECT a.id, a.kind, a.parent_id, p.parent_id AS grandparent_id, a.name, a.realm, a.status
         FROM t, accounts a JOIN accounts p ON p.id = a.parent_id
        WHERE a.id = CAST(? AS bigint) AND (a.parent_id = t.account_id OR p.parent_id = t.account_id)
     )
     SELECT t.*, hit.hits, hit.reset_at, (SELECT to_jsonb(m) FROM m) AS path_account
       FROM async CROSS JOIN t CROSS JOIN hit`,
      [hash, pathAccountId],
    ),
  );
  return result.rows[0];
}

/**
 * Records the token's last use, at most once a minute: the condition makes a second process's
 * write within the minute a no-op, and the caller skips the statement when its row is fresh.
 */
export async function touchToken(db: Db, id: number, ip: string): Promise<void> {
  await db('api_tokens')
    .where({ id })
    .where((w) => {
      void w.whereNull('last_used_at').orWhere('last_used_at', '<', db.raw("now() - interval '1 minute'"));
    })
    .update({ last_used_at: db.fn.now(), last_used_ip: ip });
}

export interface NewTokenRow {
  account_id: number;
  name: string;
  scopes: ApiScope[];
  token_hash: Buffer;
  prefix: string;
  created_by_user_id: number | null;
  expires_at: Date | null;
}

export async function insertToken(db: Db, row: NewTokenRow): Promise<number> {
  const [inserted] = await db('api_tokens').insert(row).returning('id');
  return (inserted as { id: number }).id;
}

/** A token as «Integraciones» lists it. */
export interface TokenListRow {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  created_at: Date;
  created_by_name: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
}

const listColumns = (db: Db) => [
  't.id',
  't.name',
  't.prefix',
  't.scopes',
  't.created_at',
  db.raw("u.first_name || ' ' || u.last_name AS created_by_name"),
  't.expires_at',
  't.revoked_at',
  't.last_used_at',
  't.last_used_ip',
];

/** The account's tokens, newest first (an account has a handful: no paging). */
export async function tokensOf(db: Db, accountId: number): Promise<TokenListRow[]> {
  return db('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by_user_id')
    .where('t.account_id', accountId)
    .orderBy([
      { column: 't.created_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ])
    .select(listColumns(db));
}

/** One of the account's tokens; another account's id is not found. */
export async function findToken(db: Db, accountId: number, id: number): Promise<TokenListRow | undefined> {
  return db('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by_user_id')
    .where({ 't.account_id': accountId, 't.id': id })
    .first(listColumns(db));
}

/** Revokes the token if it is not revoked yet; false when it already was. */
export async function revokeToken(db: Db, accountId: number, id: number, byUserId: number | null): Promise<boolean> {
  const n = await db('api_tokens')
    .where({ account_id: accountId, id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now(), revoked_by_user_id: byUserId });
  return n > 0;
}

/** The token's account (where it acts from), for the audit trail. */
export async function tokenAccountId(db: Db, id: number): Promise<number | null> {
  const row: { account_id: number } | undefined = await db('api_tokens').where({ id }).first('account_id');
  return row?.account_id ?? null;
}
