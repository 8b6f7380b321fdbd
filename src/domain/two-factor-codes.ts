export const TOTP_PATTERN = /^\d{6}$/;
/** Four groups of four from an alphabet without look-alikes (no i, l, o, u). */
export const RECOVERY_PATTERN = /^[0-9a-hjkmnp-tv-z]{16}$/;
export const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** What a person types, without spaces or hyphens and in lower case. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
