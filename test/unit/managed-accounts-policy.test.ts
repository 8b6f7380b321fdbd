import type { CurrentUser } from '../../src/current-user';
import type { AccountKind } from '../../src/domain/account-kinds';
import { MAIN_NAV, visibleItems } from '../../src/navigation';
import type { Role } from '../../src/domain/permissions';
import {
  allowedActions,
  manageAccounts,
  managerRole,
  type ManagedAccountRef,
} from '../../src/policies/managed-accounts';

const user = (kind: AccountKind, role: Role, accountId = 10): CurrentUser => ({
  id: 1,
  email: 'a@b.test',
  firstName: 'A',
  lastName: 'B',
  department: '',
  employeeNumber: '',
  locale: 'es',
  membership: { id: 1, role, permissions: [], accountScope: 'all', defaultApp: null },
  account: { id: accountId, kind, name: 'X', realm: 'x.test' },
  sections: new Set(),
  activeMemberships: 1,
});

const account = (parent: number, grandparent: number | null, status: ManagedAccountRef['status'] = 'active') => ({
  id: 99,
  parent_id: parent,
  grandparent_id: grandparent,
  status,
});

describe('managed accounts: parent manages child', () => {
  it('makes partners of resellers and owners/admins of the platform managers; nobody else', () => {
    expect(managerRole(user('reseller', 'owner'))).toBe('partner');
    expect(managerRole(user('reseller', 'member'))).toBe('partner');
    expect(managerRole(user('platform', 'owner'))).toBe('platform_admin');
    expect(managerRole(user('platform', 'admin'))).toBe('platform_admin');
    expect(managerRole(user('platform', 'member'))).toBeNull();
    expect(managerRole(user('customer', 'owner'))).toBeNull();
    expect(managerRole(undefined)).toBeNull();
    expect(manageAccounts.allows(user('platform', 'member'))).toBe(false);
    expect(manageAccounts.allows(user('customer', 'owner'))).toBe(false);
    expect(manageAccounts.allows(user('reseller', 'admin'))).toBe(true);
  });

  it("lets a partner act on its own reseller's children only", () => {
    const partner = user('reseller', 'owner', 10);
    expect(allowedActions(partner, account(10, 1)).view).toBe(true);
    expect(allowedActions(partner, account(11, 1)).view).toBe(false);
    expect(Object.values(allowedActions(partner, account(11, 1))).some(Boolean)).toBe(false);
    // A partner never reaches past its children, even if the tree said so.
    expect(allowedActions(partner, account(50, 10)).view).toBe(false);
  });

  it('lets platform admins act on resellers and, through them, on their customers', () => {
    const admin = user('platform', 'admin', 1);
    expect(allowedActions(admin, account(1, null)).view).toBe(true);
    expect(allowedActions(admin, account(10, 1)).view).toBe(true);
    expect(allowedActions(admin, account(10, 2)).view).toBe(false);
    expect(allowedActions(user('platform', 'member', 1), account(1, null)).view).toBe(false);
  });

  it('follows the account status: suspend only active, reactivate only suspended, nothing but view once closed', () => {
    const partner = user('reseller', 'owner', 10);
    expect(allowedActions(partner, account(10, 1, 'active'))).toMatchObject({
      suspend: true,
      reactivate: false,
      edit: true,
    });
    expect(allowedActions(partner, account(10, 1, 'suspended'))).toMatchObject({ suspend: false, reactivate: true });
    expect(allowedActions(partner, account(10, 1, 'closed'))).toEqual({
      view: true,
      edit: false,
      credit: false,
      suspend: false,
      reactivate: false,
      close: false,
      users: false,
      support_contacts: false,
    });
  });

  it('shows «Administrador de cuentas» in the menu to partners and platform admins only', () => {
    const keys = (u: CurrentUser) => visibleItems(MAIN_NAV, u, () => true).map((i) => i.key);
    expect(keys(user('reseller', 'owner'))).toContain('manager');
    expect(keys(user('platform', 'owner'))).toEqual(['manager', 'staff']);
    expect(keys(user('platform', 'member'))).toEqual(['staff']);
    expect(keys(user('customer', 'owner'))).not.toContain('manager');
  });
});
