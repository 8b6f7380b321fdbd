/**
 * Money is a whole number of cents, kept in bigint columns (issue 18, item 3). A JS number holds
 * cents exactly up to 2^53 (90 trillion in currency units), so amounts travel as numbers once they
 * leave the models; decimals are read and written here as text, never through floating point.
 */

/** The largest amount one entry, credit or price may carry: 100,000,000.00. */
export const MAX_AMOUNT_CENTS = 10_000_000_000;

const digitsToCents = (whole: string, fraction = ''): number | null => {
  const total = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(total) ? total : null;
};

/**
 * What a person types in a form: "1234.5", "1,234.50" or "1234,50" → cents; null when it is not an
 * amount with at most two decimals (no sign).
 */
export function parseAmount(value: string): number | null {
  const v = value.trim().replace(/\s/g, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?$/.exec(v) ?? /^(\d+)(?:,(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  return digitsToCents(m[1].replace(/,/g, ''), m[2]);
}

/** A decimal string as machines write it ("1234.50", "-12.5", "7") → cents; null otherwise. */
export function parseDecimal(value: string): number | null {
  const m = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const cents = digitsToCents(m[2], m[3]);
  if (cents === null) return null;
  return m[1] ? -cents : cents;
}

/** Cents → "1234.50", "-0.05": the API's decimal strings. */
export function formatDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A sum or figure as PostgreSQL returns it (sum(bigint) is numeric, which pg hands over as text) →
 * cents, refusing anything that is not a whole number a JS number holds exactly.
 */
export function centsFrom(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const cents = Number(value);
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${value}`);
  return cents;
}
