/** Same-origin path to come back to after signing in; anything else is dropped. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return null;
  return value.length <= 500 ? value : null;
}
