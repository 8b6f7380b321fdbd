/**
 * Section permission keys (docs/product.md, "Sections and permissions"), in menu order.
 * docs/sections.md says where a new one goes.
 */
export const SECTIONS = [
  'services',
  'invoices',
  'tickets',
  'emails',
  'telephony',
  'support_contacts',
  'profile',
  'contacts',
  'users',
] as const;

export type Section = (typeof SECTIONS)[number];

export type Role = 'owner' | 'admin' | 'member';

/** Sections a member may be granted (managing users stays with the owner and admins). */
export const GRANTABLE: Section[] = SECTIONS.filter((s) => s !== 'users');

/** What someone may grant to a member: only grantable sections they hold themselves. */
export function grantableBy(granter: { sections: ReadonlySet<Section> }): Section[] {
  return GRANTABLE.filter((s) => granter.sections.has(s));
}

export function isSection(value: unknown): value is Section {
  return typeof value === 'string' && (SECTIONS as readonly string[]).includes(value);
}

/**
 * What a membership may use: owners and admins hold every section enabled for the account;
 * a member holds exactly what was granted, within what is enabled.
 */
export function effectiveSections(role: Role, granted: readonly string[], enabled: readonly string[]): Set<Section> {
  const ceiling = enabled.filter(isSection);
  if (role === 'owner' || role === 'admin') return new Set(ceiling);
  return new Set(ceiling.filter((section) => granted.includes(section)));
}
