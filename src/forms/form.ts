import type { z } from 'zod';

/** A locale key, or a key with parameters (e.g. the account number that was not found). */
export type FieldError = string | { key: string; params: Record<string, string> };
export type FieldErrors = Record<string, FieldError>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; values: Record<string, string>; errors: FieldErrors };

/** Text values to show back in the form (never the raw body, never passwords). */
export function echoValues(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, typeof source[f] === 'string' ? source[f] : '']));
}

/**
 * Validates a urlencoded body against a schema whose messages are locale keys
 * (errors.<form>.<field>.<rule>); returns the first error per field.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  echoFields: readonly string[],
): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'base');
    // Only locale keys reach a page; a library's own (English) message becomes a generic one.
    errors[field] ??= issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
  }
  return { ok: false, values: echoValues(body, echoFields), errors };
}

/** The text values of parsed data, to show a form again after a later check refused it. */
export function textValues(data: object): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string'));
}
