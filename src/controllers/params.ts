import { positiveId } from '../domain/ids';
import type { Cursor } from '../models/pagination';

/** The cursor from a query string (`?after=` or `?before=`); anything else is the first page. */
export function cursorFrom(query: Record<string, unknown>): Cursor {
  const before = positiveId(query.before);
  if (before !== null) return { before };
  const after = positiveId(query.after);
  return after !== null ? { after } : {};
}
