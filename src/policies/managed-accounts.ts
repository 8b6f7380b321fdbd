import type { CurrentUser } from '../current-user';
import type { Policy } from './index';

/**
 * The Accounts Manager: "parent manages child". A reseller's partners (anyone working in the
 * reseller's account) manage its customer accounts; the platform's admins (its owner and admins)
 * manage resellers and, through them, every account. Platform agents (members of the platform
 * account) and customers manage nothing.
 */
export type ManagerRole = 'partner' | 'platform_admin';

export function managerRole(user: CurrentUser | undefined): ManagerRole | null {
  if (!user?.account || !user.membership) return null;
  if (user.account.kind === 'reseller') return 'partner';
  if (user.account.kind === 'platform' && user.membership.role !== 'member') return 'platform_admin';
  return null;
}

/** The route policy of every /manager… path: 403 for customers and agents. */
export const manageAccounts: Policy = {
  name: 'manage-accounts',
  requiresUser: true,
  requiresAccount: true,
  allows: (user) => managerRole(user) !== null,
};

/** Who may start the "Agregar cuenta nueva" wizard: its parent is always the user's own account. */
export function canCreateChild(user: CurrentUser): boolean {
  return managerRole(user) !== null;
}

/** What the policy needs to know of an account: where it sits in the tree and its state. */
export interface ManagedAccountRef {
  id: number;
  parent_id: number | null;
  /** The parent's parent (a customer's platform), or null. */
  grandparent_id: number | null;
  status: 'active' | 'suspended' | 'closed';
}

export const MANAGED_ACCOUNT_ACTIONS = [
  'view',
  'edit',
  'credit',
  'suspend',
  'reactivate',
  'close',
  'users',
  'support_contacts',
] as const;

export type ManagedAccountAction = (typeof MANAGED_ACCOUNT_ACTIONS)[number];

/** Whether the account sits below the user's account: its parent, or for platform admins its parent's parent. */
export function manages(user: CurrentUser, account: ManagedAccountRef): boolean {
  const role = managerRole(user);
  if (!role || !user.account) return false;
  if (account.parent_id === user.account.id) return true;
  return role === 'platform_admin' && account.grandparent_id === user.account.id;
}

/**
 * What the user may do to an account below theirs; routes, controllers and views all ask this.
 * Nothing at all for an account that is not below theirs (the controller answers 404 for it).
 */
export function allowedActions(user: CurrentUser, account: ManagedAccountRef): Record<ManagedAccountAction, boolean> {
  const ok = manages(user, account);
  const open = ok && account.status !== 'closed';
  return {
    view: ok,
    edit: open,
    credit: open,
    suspend: ok && account.status === 'active',
    reactivate: ok && account.status === 'suspended',
    close: open,
    users: open,
    support_contacts: open,
  };
}
