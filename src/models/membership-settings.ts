import type { Db } from '../db/knex';

/** The page a member lands on after signing in; null means the dashboard. */
export async function setDefaultApp(db: Db, membershipId: number, defaultApp: string | null): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ default_app: defaultApp });
}
