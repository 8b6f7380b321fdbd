/** Text with NUL removed: PostgreSQL cannot store it in text, and no person types it. */
export function withoutNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

/** The same value with NUL removed from every string in it (parsed bodies and query strings). */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripNul(v)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), stripNul(v)])) as T;
  return value;
}
