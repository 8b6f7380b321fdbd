import { prepared, type Db } from '../db/knex';
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
  const q = options.q?.trim() ?? '';
  whereAccountMatches(db, query, q);
  // Prepared without a search (the billing system's paging): planning cost more than running it. A
  // search stays planned for its own term, which decides between the trigram indexes and the list.
  const rows = (await (q ? query : prepared(query))) as DescendantRow[];
  return { rows: rows.slice(0, options.size), more: rows.length > options.size };
}
