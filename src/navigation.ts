import type { CurrentUser } from './current-user';
import type { Section } from './domain/permissions';
import { canManageTokens } from './policies/api-tokens';
import { managerRole } from './policies/managed-accounts';

export interface NavItem {
  key: string;
  path: string;
  /** The section needed to see it; none for items every signed-in user of an account has. */
  section?: Section;
  /** Only for the helpdesk (members of the platform account). */
  staff?: boolean;
  /** Only for the owner and admins. */
  managers?: boolean;
  /** Only for those who manage accounts below theirs: partners and platform admins. */
  accountsManager?: boolean;
  /** Only for the owner and admins of a reseller or the platform (Integraciones). */
  integrations?: boolean;
}

/** Main navigation, in order. */
export const MAIN_NAV: NavItem[] = [
  { key: 'dashboard', path: '/' },
  { key: 'manager', path: '/manager', accountsManager: true },
  { key: 'staff', path: '/staff', staff: true },
  { key: 'services', path: '/services', section: 'services' },
  { key: 'invoices', path: '/invoices', section: 'invoices' },
  { key: 'tickets', path: '/tickets', section: 'tickets' },
  { key: 'emails', path: '/emails', section: 'emails' },
  { key: 'telephony', path: '/account', section: 'telephony' },
  { key: 'support_contacts', path: '/account', section: 'support_contacts' },
  { key: 'company', path: '/company', section: 'profile' },
];

/** The "Hola," menu, in order; switch_account appears only with several memberships. */
export const ACCOUNT_MENU: NavItem[] = [
  { key: 'profile', path: '/profile' },
  { key: 'password', path: '/profile/password' },
  { key: 'security_questions', path: '/profile/security-questions' },
  { key: 'contacts', path: '/contacts', section: 'contacts' },
  { key: 'users', path: '/users', section: 'users', managers: true },
  { key: 'activity', path: '/activity', section: 'users', managers: true },
  { key: 'integrations', path: '/integrations', integrations: true },
  { key: 'switch_account', path: '/accounts/choose' },
];

/**
 * Items the user may use and the app serves: a hidden link is never the only barrier (every route
 * has its policy), but a menu never offers what would answer 403 or 404.
 */
export function visibleItems(items: NavItem[], current: CurrentUser, served: (path: string) => boolean): NavItem[] {
  return items.filter((item) => {
    if (!served(item.path)) return false;
    if (item.key === 'switch_account') return current.activeMemberships > 1;
    if (!current.account) return item.key === 'profile' || item.key === 'password' || item.key === 'security_questions';
    if (item.accountsManager) return managerRole(current) !== null;
    if (item.integrations) return canManageTokens(current);
    if (item.staff) return current.account.kind === 'platform';
    if (item.managers && current.membership?.role === 'member') return false;
    // The helpdesk's home is its console; a separate "Inicio" would only redirect there.
    if (item.key === 'dashboard' && current.account.kind === 'platform') return false;
    // One page, two sections: shown once, under the first name the user holds.
    if (item.key === 'support_contacts' && current.sections.has('telephony')) return false;
    return !item.section || current.sections.has(item.section);
  });
}

/**
 * The page a user lands on after signing in: the one they chose on their profile; until then,
 * partners land on the Accounts Manager (seed 004, step 1) and everyone else on the dashboard.
 */
export function landingKey(current: CurrentUser): string {
  return current.membership?.defaultApp ?? (current.account?.kind === 'reseller' ? 'manager' : 'dashboard');
}
