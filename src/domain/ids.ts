/** A positive whole number from a path or query parameter (an id, a cursor), or null. */
export function positiveId(value: unknown): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
