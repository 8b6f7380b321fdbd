import type { Db } from '../db/knex';
import { whereAccountMatches, type AccountListRow, type AccountStatus } from './accounts';

export interface DescendantRow extends AccountListRow {
  parent_id: number;
}

/**
 * The accounts below `rootId` (its children and its resellers' children), by id, a page at a
 * time from the id after `afterId`; `size + 1` rows are read so the caller knows if more follow.
 * Customers have no children, so only the root's resellers are looked below.
 */
export async function descendantsPage(
  db: Db,
  rootId: number,
  options: { q?: string; status?: AccountStatus; afterId: number; size: number },
): Promise<{ rows: DescendantRow[]; more: boolean }> {
  const query = db('accounts as a')
    .whereRaw(
      "a.parent_id IN (SELECT ?::bigint UNION ALL SELECT id FROM accounts WHERE parent_id = ? AND kind = 'reseller')",
      [rootId, rootId],
    )
    .where('a.id', '>', options.afterId)
    .orderBy('a.id')
    .limit(options.size + 1)
    .select('a.id', 'a.kind', 'a.parent_id', 'a.name', 'a.realm', 'a.status');
  if (options.status) query.where('a.status', options.status);
  whereAccountMatches(db, query, options.q ?? '');
  const rows = (await query) as DescendantRow[];
  return { rows: rows.slice(0, options.size), more: rows.length > options.size };
}
