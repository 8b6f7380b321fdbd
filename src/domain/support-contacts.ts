/**
 * An account's support contacts (seed 002) receive its problem reports: an account has at least
 * one, so the reports reach someone, and at most twenty. Every path that changes them — the
 * wizard, the account's own page, the Accounts Manager, the API — asks this rule, through
 * `changeSupportContacts` in src/services/support-contacts.ts.
 */
export const MIN_SUPPORT_CONTACTS = 1;
export const MAX_SUPPORT_CONTACTS = 20;

/**
 * `required`: none at all; `last`: the change would take away the last one; `too_many`: more than
 * the maximum.
 */
export type SupportContactsRefusal = 'required' | 'last' | 'too_many';

/**
 * Whether an account may go from `before` support contacts to `after`. An account that already has
 * more than the maximum (from before the rule) may still lose some, never gain one.
 */
export function supportContactsRefusal(after: number, before = 0): SupportContactsRefusal | null {
  if (after < MIN_SUPPORT_CONTACTS) return before >= MIN_SUPPORT_CONTACTS ? 'last' : 'required';
  if (after > MAX_SUPPORT_CONTACTS && after > before) return 'too_many';
  return null;
}

/** The locale key and parameters of a refusal, for the page beside its field or the API's problem. */
export function supportContactsMessage(refusal: SupportContactsRefusal): {
  key: string;
  params: Record<string, string>;
} {
  return { key: `errors.support_contacts.count.${refusal}`, params: { max: String(MAX_SUPPORT_CONTACTS) } };
}

/** The path a refusal names in the account's data; each page maps it to its own field, the API to its body. */
export const SUPPORT_CONTACTS_PATH = 'support_contacts';
