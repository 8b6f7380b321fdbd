/** A positive whole number from a path or query parameter (an id, a cursor), or null. */
export function positiveId(value: unknown): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The page number from ?page=, within 1..max. */
export function pageNumber(value: unknown, max = 100_000): number {
  return Math.max(1, Math.min(max, Number(value) || 1));
}
