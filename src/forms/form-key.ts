import { randomBytes } from 'node:crypto';

/** The hidden field every create form carries (views/partials/form-key.ejs). */
export const FORM_KEY_FIELD = '_form_key';

const SHAPE = /^[A-Za-z0-9_-]{20,64}$/;

/** A fresh one-time key for a form being shown. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The key a submission carried, or null (a script, an old page): such a post is simply not deduplicated. */
export function formKeyOf(body: unknown): string | null {
  const value = (body as Record<string, unknown> | null | undefined)?.[FORM_KEY_FIELD];
  return typeof value === 'string' && SHAPE.test(value) ? value : null;
}

/** The key to render into a form: the submitted one when the form comes back with errors. */
export function formKeyFor(body: unknown): string {
  return formKeyOf(body) ?? newFormKey();
}
