import { SECTIONS, type Section } from './permissions';

export type AccountKind = 'platform' | 'reseller' | 'customer';

/** What an account made below this one is: the platform makes resellers, a reseller its customers. */
export const childKindOf = (parent: { kind: AccountKind }): 'reseller' | 'customer' =>
  parent.kind === 'platform' ? 'reseller' : 'customer';

/** A new account is a reseller (with a trunk pool and a realm label of its own) when the platform makes it. */
export const createsReseller = (parent: { kind: AccountKind }): boolean => childKindOf(parent) === 'reseller';

/**
 * The sections a parent may enable for an account below it (the ceiling of what that account's
 * users may see): the platform any; a reseller only those it has itself.
 */
export function sectionsOffered(parent: { kind: AccountKind; enabled_sections: readonly Section[] }): Section[] {
  return SECTIONS.filter((s) => parent.kind === 'platform' || parent.enabled_sections.includes(s));
}
