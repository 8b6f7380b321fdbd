import type { CurrentUser, MemberUser } from '../../src/current-user';
import type { AccountUser, UserStatus } from '../../src/models/account-users';
import type { Role, Section } from '../../src/domain/permissions';
import { allowedActions, manageUsers, type AccountUserAction } from '../../src/policies/account-users';

const ALL: Section[] = ['services', 'invoices', 'tickets', 'emails', 'profile', 'contacts', 'users'];

/** The signed-in manager (user id = 100 + membership id). */
function manager(role: Role, membershipId: number, sections: Section[] = ALL): MemberUser {
  return {
    id: 100 + membershipId,
    email: `${role}@example.test`,
    firstName: role,
    lastName: 'Prueba',
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: membershipId, role, permissions: [], accountScope: 'all', defaultApp: null },
    account: { id: 1, kind: 'customer', name: 'Cuenta', realm: 'cuenta.test' },
    sections: new Set(sections),
    activeMemberships: 1,
  };
}

/** A user of the same account as the list shows them. */
function target(role: Role, membershipId: number, overrides: Partial<AccountUser> = {}): AccountUser {
  const status: UserStatus = overrides.blocked_at ? 'blocked' : overrides.accepted_at === null ? 'invited' : 'active';
  return {
    membership_id: membershipId,
    user_id: 100 + membershipId,
    account_id: 1,
    email: `u${membershipId}@example.test`,
    first_name: 'Usuario',
    last_name: String(membershipId),
    department: '',
    employee_number: '',
    title: '',
    role,
    permissions: [],
    account_scope: 'all',
    registered: true,
    invited_at: null,
    accepted_at: new Date(),
    blocked_at: null,
    last_login_at: null,
    other_memberships: 0,
    assigned_numbers: 0,
    status,
    two_factor: false,
    ...overrides,
  };
}

const owner = manager('owner', 1);
const admin = manager('admin', 2);
const ownerRecord = target('owner', 1);
const adminRecord = target('admin', 2);
const otherAdmin = target('admin', 3);
const member = target('member', 4);
const invited = target('member', 5, { accepted_at: null, registered: false });
const blocked = target('member', 6, { blocked_at: new Date() });

/** The actions allowed, as a sorted list, for readable expectations. */
const allowed = (current: CurrentUser, record: AccountUser): AccountUserAction[] =>
  (Object.entries(allowedActions(current, record)) as [AccountUserAction, boolean][])
    .filter(([, yes]) => yes)
    .map(([action]) => action)
    .sort();

describe('manageUsers (who reaches Administrar usuarios)', () => {
  it('lets the owner and admins in, not members, and nobody where the users section is off', () => {
    expect(manageUsers.allows(owner)).toBe(true);
    expect(manageUsers.allows(admin)).toBe(true);
    expect(manageUsers.allows(manager('member', 4, ALL))).toBe(false);
    expect(manageUsers.allows(manager('owner', 1, ['tickets']))).toBe(false);
    expect(manageUsers.allows(undefined)).toBe(false);
  });
});

describe('allowedActions(current, record)', () => {
  it('the owner, on themselves: edit details and e-mail; never their own role, block or reset', () => {
    expect(allowed(owner, ownerRecord)).toEqual(['canChangeEmail', 'canEditDetails']);
  });

  it('the owner, on an admin: everything but numbers (those are for members)', () => {
    expect(allowed(owner, adminRecord)).toEqual([
      'canBlock',
      'canChangeEmail',
      'canChangeRole',
      'canEditDetails',
      'canEndSessions',
      'canResetPassword',
    ]);
  });

  it('the owner, on an active member: also their account numbers', () => {
    expect(allowed(owner, member)).toEqual([
      'canAssignNumbers',
      'canBlock',
      'canChangeEmail',
      'canChangeRole',
      'canEditDetails',
      'canEndSessions',
      'canResetPassword',
    ]);
  });

  it('an admin can do nothing to the owner but look (and no numbers: the owner sees all)', () => {
    expect(allowed(admin, ownerRecord)).toEqual([]);
  });

  it('an admin, on themselves: like the owner on themselves', () => {
    expect(allowed(admin, adminRecord)).toEqual(['canChangeEmail', 'canEditDetails']);
  });

  it('an admin, on another admin and on a member: as the owner would', () => {
    expect(allowed(admin, otherAdmin)).toEqual(allowed(owner, otherAdmin));
    expect(allowed(admin, member)).toEqual(allowed(owner, member));
  });

  it('someone still invited: resend the invitation, no password reset (they have none)', () => {
    const actions = allowedActions(admin, invited);
    expect(actions.canResendInvitation).toBe(true);
    expect(actions.canResetPassword).toBe(false);
    expect(actions.canBlock).toBe(true);
    expect(allowedActions(owner, member).canResendInvitation).toBe(false);
  });

  it('a blocked user can be unblocked, not blocked again; an active one the other way round', () => {
    expect(allowedActions(owner, blocked)).toMatchObject({ canBlock: false, canUnblock: true });
    expect(allowedActions(owner, member)).toMatchObject({ canBlock: true, canUnblock: false });
    expect(allowedActions(owner, target('owner', 1, { blocked_at: new Date() })).canUnblock).toBe(false);
  });

  it('an e-mail used as a login in other accounts cannot be changed here', () => {
    const shared = target('member', 7, { other_memberships: 2 });
    expect(allowedActions(owner, shared)).toMatchObject({ canChangeEmail: false, canEditDetails: true });
    expect(allowedActions(owner, target('owner', 1, { other_memberships: 1 })).canChangeEmail).toBe(false);
  });

  it('a second factor that is on can be reset by who outranks the user, never their own, never a shared login', () => {
    const withFactor = target('member', 8, { two_factor: true });
    expect(allowedActions(owner, withFactor).canResetTwoFactor).toBe(true);
    expect(allowedActions(admin, withFactor).canResetTwoFactor).toBe(true);
    expect(allowedActions(admin, target('admin', 3, { two_factor: true })).canResetTwoFactor).toBe(true);
    expect(allowedActions(admin, target('owner', 1, { two_factor: true })).canResetTwoFactor).toBe(false);
    expect(allowedActions(owner, target('owner', 1, { two_factor: true })).canResetTwoFactor).toBe(false);
    expect(allowedActions(owner, member).canResetTwoFactor).toBe(false);
    expect(
      allowedActions(owner, target('member', 9, { two_factor: true, other_memberships: 1 })).canResetTwoFactor,
    ).toBe(false);
  });

  it("a registered user's sessions are seen and ended by who outranks them, never their own here, never a shared login", () => {
    expect(allowedActions(owner, member).canEndSessions).toBe(true);
    expect(allowedActions(admin, otherAdmin).canEndSessions).toBe(true);
    expect(allowedActions(admin, ownerRecord).canEndSessions).toBe(false);
    expect(allowedActions(owner, ownerRecord).canEndSessions).toBe(false);
    expect(allowedActions(owner, invited).canEndSessions).toBe(false);
    expect(allowedActions(owner, target('member', 9, { other_memberships: 1 })).canEndSessions).toBe(false);
  });

  it('account numbers only for members, whoever asks', () => {
    for (const record of [ownerRecord, adminRecord, otherAdmin]) {
      expect(allowedActions(owner, record).canAssignNumbers).toBe(false);
    }
    expect(allowedActions(admin, invited).canAssignNumbers).toBe(true);
  });
});
