import type { CurrentUser } from '../current-user';
import type { AccountUser } from '../models/account-users';
import type { Policy } from './index';

/**
 * Administrar usuarios: the owner and admins of an account where the `users` section is enabled.
 * (A member is never given user management, whatever their permissions say.)
 */
export const manageUsers: Policy = {
  name: 'manage-users',
  requiresUser: true,
  requiresAccount: true,
  allows: (current) => current !== undefined && current.membership?.role !== 'member' && current.sections.has('users'),
};

const isSelf = (current: CurrentUser, target: AccountUser) => current.id === target.user_id;
/** An admin can do nothing to the owner; the owner can do anything to admins and members. */
const outranks = (current: CurrentUser, target: AccountUser) => target.role !== 'owner' || isSelf(current, target);

/** What the signed-in manager may do to one user of the account; every action asks. */
export const accountUserPolicy = {
  canEditDetails: (current: CurrentUser, target: AccountUser) => outranks(current, target),
  canChangeRole: (current: CurrentUser, target: AccountUser) => target.role !== 'owner' && !isSelf(current, target),
  canBlock: (current: CurrentUser, target: AccountUser) =>
    target.role !== 'owner' && !isSelf(current, target) && target.blocked_at === null,
  canUnblock: (current: CurrentUser, target: AccountUser) =>
    target.role !== 'owner' && !isSelf(current, target) && target.blocked_at !== null,
  canResetPassword: (current: CurrentUser, target: AccountUser) =>
    !isSelf(current, target) && outranks(current, target) && target.registered,
  canResendInvitation: (current: CurrentUser, target: AccountUser) =>
    target.status === 'invited' && outranks(current, target),
  canAssignNumbers: (_current: CurrentUser, target: AccountUser) => target.role === 'member',
  /** E-mail is a login used everywhere: only changeable while the person uses no other account. */
  canChangeEmail: (current: CurrentUser, target: AccountUser) =>
    outranks(current, target) && target.other_memberships === 0,
  /**
   * Removes a second factor that is on. Like the e-mail, the login is used everywhere: a manager
   * of one account may not weaken the sign-in to another (a reseller, the platform).
   */
  canResetTwoFactor: (current: CurrentUser, target: AccountUser) =>
    !isSelf(current, target) && outranks(current, target) && target.two_factor && target.other_memberships === 0,
  /**
   * Sees and ends a member's sessions. A session is the login's, in every account it uses: a
   * manager of one account neither sees where a shared login signs in nor signs it out elsewhere.
   */
  canEndSessions: (current: CurrentUser, target: AccountUser) =>
    !isSelf(current, target) && outranks(current, target) && target.registered && target.other_memberships === 0,
};

export type AccountUserAction = keyof typeof accountUserPolicy;
export type AccountUserActions = Record<AccountUserAction, boolean>;

/**
 * The actions allowed on a target: the one answer the controllers enforce (403 otherwise) and the
 * views show (the ⋯ menu, the profile page's buttons, the edit form's role and e-mail fields).
 */
export function allowedActions(current: CurrentUser, target: AccountUser): AccountUserActions {
  return Object.fromEntries(
    (Object.keys(accountUserPolicy) as AccountUserAction[]).map((k) => [k, accountUserPolicy[k](current, target)]),
  ) as AccountUserActions;
}
