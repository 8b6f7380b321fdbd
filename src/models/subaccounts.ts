import type { Db } from '../db/knex';
import type { Section } from '../domain/permissions';

/**
 * A sub-account: a contact with a login and a member's membership in the account
 * (Contactos/Sub-cuentas, «Sub-cuenta activada»). Invitations are made by services/invitations.ts.
 */

/** Whether someone with this e-mail is already a user (or invited) in the account. */
export async function isAccountUser(db: Db, accountId: number, email: string): Promise<boolean> {
  const row = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'u.email': email, 'm.account_id': accountId })
    .first('m.id');
  return row !== undefined;
}

/** Whether a login with this e-mail exists anywhere (a Cuentas ID is global). */
export async function loginExists(db: Db, email: string): Promise<boolean> {
  return (await db('users').where({ email }).first('id')) !== undefined;
}

/** A new login with the password the owner chose, and its member's access to the account. */
export async function createMemberLogin(
  db: Db,
  accountId: number,
  person: { email: string; first_name: string; last_name: string },
  passwordHash: string,
  permissions: Section[],
): Promise<number> {
  const [user] = await db('users')
    .insert({
      email: person.email,
      first_name: person.first_name,
      last_name: person.last_name,
      password_hash: passwordHash,
      // The owner chose the password: the sub-user chooses their own, and their security questions,
      // at their first sign-in.
      questions_required: true,
      password_change_required: true,
    })
    .returning('id');
  const userId = (user as { id: number }).id;
  await db('memberships').insert({
    user_id: userId,
    account_id: accountId,
    role: 'member',
    permissions,
    accepted_at: db.fn.now(),
  });
  return userId;
}

/** A member's section permissions; they apply at the member's next request. */
export async function setMemberPermissions(db: Db, membershipId: number, permissions: Section[]): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ permissions, updated_at: db.fn.now() });
}

/** Ends a member's access to the account (never an owner's or an admin's). */
export async function deleteMemberAccess(db: Db, membershipId: number): Promise<void> {
  await db('memberships').where({ id: membershipId, role: 'member' }).delete();
}
