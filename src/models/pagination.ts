import type { Knex } from 'knex';
import { prepared } from '../db/knex';

/**
 * Keyset pagination, the one way every list page is paged: a page costs the same however deep it
 * is, because it starts from the row that ended the previous page instead of skipping rows.
 *
 * A cursor names a row by id: `after` = the last row of the page before, `before` = the first row
 * of the page after (for «Anterior»). Links carry `?after=ID` or `?before=ID`.
 */
export interface Cursor {
  after?: number;
  before?: number;
}

export interface Page<T> {
  rows: T[];
  /** The cursor for «Anterior» (the first row shown), or null on the first page. */
  previous: number | null;
  /** The cursor for «Siguiente» (the last row shown), or null on the last page. */
  next: number | null;
}

export const PAGE_SIZE = 25;

export interface KeysetOptions {
  /**
   * The sort key as SQL column names of the query, ending in a unique one (the id), all sorted
   * the same way; an index on (scope columns…, these columns) makes every page an index range.
   */
  columns: string[];
  direction: 'asc' | 'desc';
  /**
   * The sort key of the cursor row, selected with the same expressions — and scoped like the
   * list itself, so another account's id as a cursor matches nothing.
   */
  anchor: (id: number) => Knex.QueryBuilder;
  cursor: Cursor;
  size?: number;
  /**
   * Run the page's query as a named prepared statement (`prepared()` in db/knex.ts), so that
   * PostgreSQL plans each shape of it once per connection. Only for a query that names every
   * column it selects (a prepared `SELECT *` fails once a migration changes the table), and whose
   * best plan does not hang on its values (a full-text search or a pattern is planned afresh).
   */
  prepared?: boolean;
}

/** Runs `query` (already filtered and scoped; select `id` among its columns) for one page. */
export async function keysetPage<T extends { id: number }>(
  query: Knex.QueryBuilder,
  options: KeysetOptions,
): Promise<Page<T>> {
  const size = options.size ?? PAGE_SIZE;
  const backwards = options.cursor.before !== undefined;
  const anchorId = backwards ? options.cursor.before : options.cursor.after;
  const ascending = (options.direction === 'asc') !== backwards;
  if (anchorId !== undefined) {
    query.whereRaw(`(${options.columns.join(', ')}) ${ascending ? '>' : '<'} (?)`, [options.anchor(anchorId)]);
  }
  // The LIMIT is written into the SQL (a number this code makes, never the visitor's): bound as a
  // parameter, a prepared page's generic plan cannot tell how few rows are wanted, and PostgreSQL
  // planned the page again on every execution.
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`page size ${size}`);
  query
    .orderBy(options.columns.map((column) => ({ column, order: ascending ? 'asc' : 'desc' })))
    .limit(size + 1, { skipBinding: true });

  const found = (await (options.prepared ? prepared(query) : query)) as T[];
  const more = found.length > size;
  const rows = found.slice(0, size);
  if (backwards) rows.reverse();
  const first = rows[0]?.id ?? null;
  const last = rows[rows.length - 1]?.id ?? null;
  if (backwards) return { rows, previous: more ? first : null, next: last };
  return { rows, previous: anchorId !== undefined ? first : null, next: more ? last : null };
}

/** The hrefs of a page's «Anterior» / «Siguiente» links, keeping the list's other query parameters. */
export function pageLinks(
  path: string,
  page: Page<unknown>,
  keep: Record<string, string | undefined> = {},
): { previous: string | null; next: string | null } {
  const href = (cursor: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(keep)) if (value) params.set(key, value);
    for (const [key, value] of Object.entries(cursor)) params.set(key, value);
    return `${path}?${params.toString()}`;
  };
  return {
    previous: page.previous !== null ? href({ before: String(page.previous) }) : null,
    next: page.next !== null ? href({ after: String(page.next) }) : null,
  };
}
