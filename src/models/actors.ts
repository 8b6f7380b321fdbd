import type { Db } from '../db/knex';
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
 * who made it, else the token's account.
 */
export async function actorName(db: Db, actor: Actor): Promise<string> {
  if (actor.kind === 'user') {
    const row: { name: string } | undefined = await db('users')
      .where({ id: actor.userId })
      .first(db.raw("trim(first_name || ' ' || last_name) AS name"));
    return row?.name ?? '';
  }
  const row: { name: string } | undefined = await db('api_tokens as t')
    .join('accounts as a', 'a.id', 't.account_id')
    .leftJoin('users as u', 'u.id', 't.created_by_user_id')
    .where('t.id', actor.tokenId)
    .first(db.raw("coalesce(trim(u.first_name || ' ' || u.last_name), a.name) AS name"));
  return row?.name ?? '';
}
