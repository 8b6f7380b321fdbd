import type { CurrentUser } from '../current-user';
import type { SupportContactsAccount } from '../models/support-contacts';
import { section, type Policy } from './index';

/** The routes that change support contacts: users who hold the section at all. */
export const supportContactsAccess: Policy = section('support_contacts');

export type SupportContactAction = 'view' | 'add' | 'remove';

/**
 * Who may see and change an account's support contacts. Anyone with the section sees them; seed 002:
 * the account's owner or an administrator changes them, and only on an account a partner created
 * (otherwise the provider looks after them).
 */
export function allowedActions(
  user: CurrentUser,
  account: SupportContactsAccount,
): Record<SupportContactAction, boolean> {
  const view = user.account?.id === account.id && user.sections.has('support_contacts');
  const edit = view && user.membership?.role !== 'member' && account.createdByPartner;
  return { view, add: edit, remove: edit };
}

/**
 * Why someone who sees the support contacts may not change them, to tell them who can: only the
 * owner or an administrator (`role`), or nobody in the account, because the provider looks after them
 * on an account no partner created (`provider`). Null when they may change them.
 */
export function readOnlyReason(user: CurrentUser, account: SupportContactsAccount): 'role' | 'provider' | null {
  if (allowedActions(user, account).add) return null;
  return account.createdByPartner ? 'role' : 'provider';
}
