import { MAX_AMOUNT_CENTS, parseAmount } from '../../domain/money';
import { CLASSIFIERS, type CallRestrictions } from '../../models/accounts';
import { NO_TRUNKS, TRUNK_KINDS, type Trunks } from '../../models/trunk-pool';
import type { FieldErrors } from '../form';
import { isTicked, text } from './wizard';

/**
 * Step «Restricciones de llamadas»: trunks by kind (for a customer, drawn from its reseller's pool;
 * for a new reseller, the totals of its own pool), allow or deny per classifier, the credit to add
 * and prepay ("bypass").
 */
export const MAX_TRUNKS = 100_000;
/** Largest first credit, in cents (one hundred million). */
export const MAX_CREDIT_CENTS = MAX_AMOUNT_CENTS;

/** The field of each trunk kind: allocations of a customer, or the pool of a reseller. */
export function trunkField(kind: (typeof TRUNK_KINDS)[number], pool: boolean): string {
  return pool ? `pool_${kind}_trunks` : `${kind}_trunks`;
}

export const restrictionFields = (pool: boolean) => [...TRUNK_KINDS.map((k) => trunkField(k, pool)), 'credit'];

export interface RestrictionsStepInput {
  /** Allocated to a customer from its reseller's pool (all zero for a reseller). */
  trunks: Trunks;
  /** A new reseller's pool (all zero for a customer). */
  pool: Trunks;
  restrictions: CallRestrictions;
  credit_cents: number;
  allow_prepay: boolean;
}

const F = 'manager.restrictions';

/** The wizard's name for the one money parser (src/domain/money.ts). */
export { parseAmount as parseMoney } from '../../domain/money';

export function parseRestrictionsStep(
  body: Record<string, unknown>,
  options: { pool: boolean },
):
  | { ok: true; data: RestrictionsStepInput }
  /** `trunks`: the kinds that parsed, for the pool to check in the same round. */
  | { ok: false; errors: FieldErrors; trunks: Partial<Trunks> } {
  const errors: FieldErrors = {};
  const trunks: Trunks = { ...NO_TRUNKS };
  const parsed: Partial<Trunks> = {};
  for (const kind of TRUNK_KINDS) {
    const field = trunkField(kind, options.pool);
    const raw = text(body, field).trim();
    if (!/^\d{1,6}$/.test(raw) || Number(raw) > MAX_TRUNKS) errors[field] = `errors.${F}.trunks.invalid`;
    else trunks[kind] = parsed[kind] = Number(raw);
  }
  const given = (body.restrictions ?? {}) as Record<string, unknown>;
  const restrictions = {} as CallRestrictions;
  for (const classifier of CLASSIFIERS) {
    const rule = typeof given === 'object' ? given[classifier] : undefined;
    if (rule === 'allow' || rule === 'deny') restrictions[classifier] = rule;
    else errors[`restrictions[${classifier}]`] = `errors.${F}.restrictions.required`;
  }
  const rawCredit = text(body, 'credit').trim();
  let credit = 0;
  if (rawCredit !== '') {
    const cents = rawCredit.startsWith('-') ? null : parseAmount(rawCredit);
    if (rawCredit.startsWith('-')) errors.credit = `errors.${F}.credit.negative`;
    else if (cents === null) errors.credit = `errors.${F}.credit.invalid`;
    else if (cents > MAX_CREDIT_CENTS) errors.credit = `errors.${F}.credit.too_large`;
    else credit = cents;
  }
  if (Object.keys(errors).length) return { ok: false, errors, trunks: parsed };
  return {
    ok: true,
    data: {
      trunks: options.pool ? { ...NO_TRUNKS } : trunks,
      pool: options.pool ? trunks : { ...NO_TRUNKS },
      restrictions,
      credit_cents: credit,
      allow_prepay: isTicked(body.allow_prepay),
    },
  };
}
