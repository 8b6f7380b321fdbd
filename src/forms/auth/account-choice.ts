import { safeReturnPath } from '../../domain/return-path';

/**
 * Cambiar de cuenta: the account picked (NaN when none; the caller checks it against the user's
 * own memberships) and the same-origin page to return to.
 */
export function parseAccountChoice(body: unknown): { accountId: number; next: string | null } {
  const b = (body ?? {}) as Record<string, unknown>;
  return { accountId: Number(b.account_id), next: safeReturnPath(b.next) };
}
