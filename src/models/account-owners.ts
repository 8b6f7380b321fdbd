import type { Db } from '../db/knex';
import { upsertUserContact } from './account-users';

/** The first admin of an account a parent creates: its owner (principal user). */
export interface NewOwner {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  locale: 'es' | 'en';
}

/**
 * A new login with its password, the owner membership (accepted: the parent set the password) and
 * the person's contact record, authorized (their parent added them).
 */
export async function createOwnerWithPassword(
  trx: Db,
  accountId: number,
  owner: NewOwner,
  passwordHash: string,
): Promise<{ userId: number; membershipId: number }> {
  const [user]: { id: number }[] = await trx('users')
    .insert({
      email: owner.email,
      first_name: owner.first_name,
      last_name: owner.last_name,
      password_hash: passwordHash,
      locale: owner.locale,
      // The parent chose the password: the owner chooses their own, and their security questions,
      // at their first sign-in.
      questions_required: true,
      password_change_required: true,
    })
    .returning('id');
  const [membership]: { id: number }[] = await trx('memberships')
    .insert({
      user_id: user.id,
      account_id: accountId,
      role: 'owner',
      invited_at: trx.fn.now(),
      accepted_at: trx.fn.now(),
    })
    .returning('id');
  // The one rule for a portal user's contact record (models/account-users.ts), with the phone typed.
  await upsertUserContact(trx, accountId, user.id, {
    first_name: owner.first_name,
    last_name: owner.last_name,
    email: owner.email,
    phone: owner.phone,
  });
  return { userId: user.id, membershipId: membership.id };
}

/** The unique index that says an e-mail address already has a login. */
export const LOGIN_EMAIL_KEY = 'users_email_key';
