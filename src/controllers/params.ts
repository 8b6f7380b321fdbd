import type { Cursor } from '../models/pagination';

/** A positive whole number from a path or query parameter (an id, a cursor), or null. */
export function positiveId(value: unknown): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The page number from ?page=, within 1..max. */
export function pageNumber(value: unknown, max = 100_000): number {
  return Math.max(1, Math.min(max, Number(value) || 1));
}

/** The cursor from a query string (`?after=` or `?before=`); anything else is the first page. */
export function cursorFrom(query: Record<string, unknown>): Cursor {
  const before = positiveId(query.before);
  if (before !== null) return { before };
  const after = positiveId(query.after);
  return after !== null ? { after } : {};
}
