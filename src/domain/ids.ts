/** An id as a path or query parameter writes it: digits only, no sign, no leading zero. */
export const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

/**
 * A positive whole number from a path or query parameter (an id, a cursor), or null. Only the
 * digits themselves: «3.0», «0x3», «3e0» or « 3» name no record (a 404), even though Number() reads
 * them as 3.
 */
export function positiveId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}
