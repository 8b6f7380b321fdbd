import type { CurrentUser } from '../current-user';
import type { ContactRow } from '../models/contacts';
import { manageUsers } from './account-users';
import { section, type Policy } from './index';

/** Every contacts route: users who hold the `contacts` section. */
export const contactsAccess: Policy = section('contacts');

export type ContactAction = 'edit' | 'delete' | 'subaccount';

/**
 * Why a contact may not be deleted, or null when it may: nobody deletes themselves, the owner or an
 * admin here (that is Administrar usuarios), and removing a sub-account's access needs `users`.
 */
export function deleteRefusal(user: CurrentUser, contact: ContactRow): 'self' | 'manager' | 'forbidden' | null {
  if (contact.user_id !== null && contact.user_id === user.id) return 'self';
  if (contact.role === 'owner' || contact.role === 'admin') return 'manager';
  if (contact.membership_id !== null && !manageUsers.allows(user)) return 'forbidden';
  return null;
}

/**
 * What the user may do to a contact of their account (`null`: the contact being added).
 * `subaccount`: turn «Sub-cuenta activada» on or off and set its permissions — the owner or an admin
 * holding `users`, on anyone but an owner or admin (their access is managed in Administrar usuarios).
 */
export function allowedActions(user: CurrentUser, contact: ContactRow | null): Record<ContactAction, boolean> {
  const mine = contactsAccess.allows(user) && (contact === null || contact.account_id === user.account?.id);
  return {
    edit: mine && contact !== null,
    delete: mine && contact !== null && deleteRefusal(user, contact) === null,
    subaccount: mine && manageUsers.allows(user) && (contact?.role ?? 'member') === 'member',
  };
}
