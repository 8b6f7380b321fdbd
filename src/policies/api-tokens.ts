import type { AccountKind } from '../domain/account-kinds';
import type { ApiScope } from '../domain/api-scopes';
import type { CurrentUser } from '../current-user';
import type { Policy } from './index';
import type { ManagedAccountAction, ManagedAccountRef } from './managed-accounts';

/**
 * Integration tokens. In the portal, «Integraciones» belongs to the owner and admins of a reseller
 * or of the platform: the accounts that have accounts below them to provision.
 */
export function canManageTokens(user: CurrentUser | undefined): boolean {
  if (!user?.account || !user.membership) return false;
  return (user.account.kind === 'reseller' || user.account.kind === 'platform') && user.membership.role !== 'member';
}

export const manageIntegrations: Policy = {
  name: 'manage-integrations',
  requiresUser: true,
  requiresAccount: true,
  allows: (user) => canManageTokens(user),
};

/**
 * Through the API, a token acts on the accounts below its own (a reseller's on its customers, the
 * platform's on resellers and their customers; the model finds no other), with the scope each
 * action needs and the same state rules as the Accounts Manager's pages.
 */
export const SCOPE_OF: Record<ManagedAccountAction, ApiScope> = {
  view: 'accounts:read',
  edit: 'accounts:write',
  credit: 'credit:write',
  suspend: 'accounts:write',
  reactivate: 'accounts:write',
  close: 'accounts:write',
  users: 'users:write',
  support_contacts: 'accounts:write',
};

/** What the account's state allows, whoever asks (the same rule as allowedActions for a manager). */
export function tokenActions(account: Pick<ManagedAccountRef, 'status'>): Record<ManagedAccountAction, boolean> {
  const open = account.status !== 'closed';
  return {
    view: true,
    edit: open,
    credit: open,
    suspend: account.status === 'active',
    reactivate: account.status === 'suspended',
    close: open,
    users: open,
    support_contacts: open,
  };
}

/**
 * Billing data (account numbers, services, invoices) belongs to customer accounts (issue 19, item 5:
 * numbers are unique within a customer account): the platform's billing system feeds a reseller's
 * customers, never a reseller's own account.
 */
export const takesBillingData = (account: { kind: AccountKind }): boolean => account.kind === 'customer';
