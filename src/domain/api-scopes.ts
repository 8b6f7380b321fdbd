/** What an integration token may do; each API operation names the one scope it needs. */
export const API_SCOPES = [
  'accounts:read',
  'accounts:write',
  'credit:write',
  'billing:write',
  'users:write',
  'webhooks:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: unknown): value is ApiScope =>
  typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);

/** A token is `cta_` and 43 base64url characters (32 random bytes); only its SHA-256 is stored. */
export const API_TOKEN_PREFIX = 'cta_';
export const looksLikeApiToken = (value: string): boolean => /^cta_[A-Za-z0-9_-]{32,100}$/.test(value);

/** Expiry choices of the «Integraciones» form, in days (empty: never). */
export const TOKEN_LIFETIMES = [30, 90, 365] as const;
