import { z } from 'zod';
import { API_SCOPES, TOKEN_LIFETIMES, type ApiScope } from '../../domain/api-scopes';
import { parseForm, type FieldErrors } from '../form';
import { checkboxes, textField } from '../fields';

/** «Crear token» in Integraciones: a name, at least one scope, and an optional lifetime. */
export const API_TOKEN_FIELDS = ['name', 'expires_in_days'] as const;

const schema = z.object({
  name: textField('api_token', 'name', { required: true, max: 100 }),
  scopes: checkboxes(API_SCOPES, 'errors.api_token.scopes.invalid').refine((s) => s.length > 0, {
    message: 'errors.api_token.scopes.required',
  }),
  expires_in_days: z
    .string()
    .default('')
    .refine((v) => v === '' || (TOKEN_LIFETIMES as readonly number[]).includes(Number(v)), {
      message: 'errors.api_token.expires_in_days.invalid',
    })
    .transform((v) => (v === '' ? null : Number(v))),
});

export interface ApiTokenInput {
  name: string;
  scopes: ApiScope[];
  expires_in_days: number | null;
}

export function parseApiToken(
  body: unknown,
):
  | { ok: true; data: ApiTokenInput }
  | { ok: false; values: Record<string, string>; scopes: string[]; errors: FieldErrors } {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const result = parseForm(schema, { ...source, scopes: source.scopes ?? [] }, API_TOKEN_FIELDS);
  if (result.ok) return result;
  const given: unknown[] = Array.isArray(source.scopes) ? source.scopes : [source.scopes];
  const ticked = given.filter((s): s is string => typeof s === 'string');
  return { ok: false, values: result.values, scopes: ticked, errors: result.errors };
}
