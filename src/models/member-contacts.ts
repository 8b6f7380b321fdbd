import type { Db } from '../db/knex';

/**
 * The account's contact that stands for this user (a sub-account) becomes authorized: accepting
 * the invitation proves the person controls the address.
 */
export async function authorizeUserContact(db: Db, accountId: number, userId: number): Promise<void> {
  await db('contacts').where({ account_id: accountId, user_id: userId }).update({ authorization_status: 'authorized' });
}
