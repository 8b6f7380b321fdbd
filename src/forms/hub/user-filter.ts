import type { UserStatus } from '../../models/account-users';

/** The statuses «Administrar usuarios» can be filtered by, in the order the select offers them. */
export const USER_STATUSES: readonly UserStatus[] = ['active', 'invited', 'blocked'];

/** `?status=` of the users list: one of the statuses, or null (everyone) for anything else. */
export function parseUserFilter(query: Record<string, unknown>): { status: UserStatus | null } {
  const status = USER_STATUSES.find((s) => s === query.status);
  return { status: status ?? null };
}
