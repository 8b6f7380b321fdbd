import { effectiveSections } from '../../src/domain/permissions';
import { ACCOUNT_MENU, MAIN_NAV, visibleItems } from '../../src/navigation';
import type { CurrentUser } from '../../src/current-user';

describe('effectiveSections', () => {
  it('gives owners and admins every enabled section', () => {
    expect([...effectiveSections('owner', [], ['tickets', 'invoices'])].sort()).toEqual(['invoices', 'tickets']);
    expect([...effectiveSections('admin', ['tickets'], ['tickets', 'users'])].sort()).toEqual(['tickets', 'users']);
  });

  it('gives a member exactly what was granted, within what is enabled', () => {
    expect([...effectiveSections('member', ['tickets', 'invoices'], ['tickets'])]).toEqual(['tickets']);
    expect([...effectiveSections('member', [], ['tickets'])]).toEqual([]);
    expect([...effectiveSections('member', ['nonsense'], ['nonsense', 'tickets'])]).toEqual([]);
  });
});

describe('menus', () => {
  const user = (sections: string[], extra: Partial<CurrentUser> = {}): CurrentUser => ({
    id: 1,
    email: 'a@b.test',
    firstName: 'A',
    lastName: 'B',
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: 1, role: 'member', permissions: sections, accountScope: 'all', defaultApp: null },
    account: { id: 1, kind: 'customer', name: 'ABC', realm: 'abc.test' },
    sections: new Set(sections) as CurrentUser['sections'],
    activeMemberships: 1,
    ...extra,
  });
  const everything = () => true;

  it('shows a tickets-only member the tickets section and no management items', () => {
    const current = user(['tickets']);
    expect(visibleItems(MAIN_NAV, current, everything).map((i) => i.key)).toEqual(['dashboard', 'tickets']);
    expect(visibleItems(ACCOUNT_MENU, current, everything).map((i) => i.key)).toEqual([
      'profile',
      'password',
      'security_questions',
    ]);
  });

  it('offers contacts to those who hold them, user management and activity only to managers, switching only with several accounts', () => {
    const member = user(['contacts', 'users'], { activeMemberships: 2 });
    expect(visibleItems(ACCOUNT_MENU, member, everything).map((i) => i.key)).toEqual([
      'profile',
      'password',
      'security_questions',
      'contacts',
      'switch_account',
    ]);
    const admin = { ...member, membership: { ...member.membership!, role: 'admin' as const } };
    expect(visibleItems(ACCOUNT_MENU, admin, everything).map((i) => i.key)).toEqual([
      'profile',
      'password',
      'security_questions',
      'contacts',
      'users',
      'activity',
      'switch_account',
    ]);
  });

  it('never links to a page the app does not serve', () => {
    const current = user(['tickets', 'invoices']);
    expect(visibleItems(MAIN_NAV, current, (p) => p !== '/invoices').map((i) => i.key)).toEqual([
      'dashboard',
      'tickets',
    ]);
  });
});
