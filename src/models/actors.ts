import { prepared, type Db } from '../db/knex';
import type { Actor } from '../domain/actor';

/**
 * The account an actor works from when it acts on an account below: a token's own account, or the
 * nearest account above the target where the person is a member (a partner's reseller, a platform
 * admin's platform). Its activity log records the work too.
 */
export async function actingAccountId(db: Db, actor: Actor, targetId: number): Promise<number | null> {
  if (actor.kind === 'token') return actor.accountId;
  const result = await db.raw<{ rows: { id: number }[] }>(
    `WITH RECURSIVE up (id, depth) AS (
       SELECT parent_id, 1 FROM accounts WHERE id = :target AND parent_id IS NOT NULL
       UNION ALL
       SELECT a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL
     )
     SELECT up.id FROM up JOIN memberships m ON m.account_id = up.id AND m.user_id = :user
     ORDER BY up.depth LIMIT 1`,
    { target: targetId, user: actor.userId },
  );
  return result.rows[0]?.id ?? null;
}

/**
 * The name an e-mail gives the actor («X te invita…»): the person's, or for a token the person
 * who made it, else the token's account (read with the token: src/models/api-tokens.ts).
 */
export async function actorName(db: Db, actor: Actor): Promise<string> {
  if (actor.kind === 'token') return actor.displayName;
  const row: { name: string } | undefined = await prepared(
    db('users').where({ id: actor.userId }).first(db.raw("trim(first_name || ' ' || last_name) AS name")),
  );
  return row?.name ?? '';
}
