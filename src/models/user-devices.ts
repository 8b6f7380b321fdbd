import type { Db } from '../db/knex';

/**
 * Records a sign-in from a device (see src/domain/user-agent.ts) and says whether it is one the
 * user had not used before while they had used others: the first device a login ever signs in
 * with is where they registered, not a surprise.
 */
export async function rememberDevice(
  db: Db,
  userId: number,
  device: { fingerprint: string; browser: string; os: string },
): Promise<'known' | 'new' | 'first'> {
  const { rows } = await db.raw<{ rows: { inserted: boolean; others: boolean }[] }>(
    `WITH others AS (
       SELECT EXISTS (SELECT 1 FROM user_devices WHERE user_id = ? AND fingerprint <> ?) AS others
     )
     INSERT INTO user_devices AS d (user_id, fingerprint, browser, os)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, fingerprint) DO UPDATE SET last_seen_at = now(), browser = excluded.browser, os = excluded.os
     RETURNING (xmax = 0) AS inserted, (SELECT others FROM others) AS others`,
    [userId, device.fingerprint, userId, device.fingerprint, device.browser.slice(0, 100), device.os.slice(0, 100)],
  );
  const row = rows[0];
  return !row.inserted ? 'known' : row.others ? 'new' : 'first';
}
