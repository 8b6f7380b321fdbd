import type { Cursor } from '../models/pagination';

/** A positive whole number from a path or query parameter (an id, a cursor), or null. */
export function positiveId(value: unknown): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The cursor from a query string (`?after=` or `?before=`); anything else is the first page. */
export function cursorFrom(query: Record<string, unknown>): Cursor {
  const before = positiveId(query.before);
  if (before !== null) return { before };
  const after = positiveId(query.after);
  return after !== null ? { after } : {};
}
