import type { CallRestrictions, AccountSettingsRow } from '../../models/accounts';
import { CLASSIFIERS } from '../../models/accounts';
import { TRUNK_KINDS, type Trunks } from '../../models/trunk-pool';
import type { Section } from '../../domain/permissions';
import { canonicalTimeZone } from '../../domain/time-zones';
import type { FieldErrors } from '../form';
import { parseAccountStep } from './account-step';
import { parsePermissionsStep, tickedSections } from './permissions-step';
import { parseRestrictionsStep, trunkField } from './restrictions-step';
import { isTicked, text } from './wizard';

/**
 * Editing an account after its creation (POST /manager/accounts/:id/edit): the wizard's own rules
 * for the name, time zone and language, the trunks (a customer's allocation, or a reseller's pool
 * totals), the call restrictions, prepay and the sections. The realm never changes.
 */
export interface AccountSettingsInput {
  name: string;
  timezone: string;
  locale: 'es' | 'en';
  /** A customer's allocation from its reseller's pool (all zero for a reseller). */
  trunks: Trunks;
  /** A reseller's pool totals (all zero for a customer). */
  pool: Trunks;
  restrictions: CallRestrictions;
  allow_prepay: boolean;
  sections: Section[];
}

/** What the database must still check of a refused form, from the fields that passed (one round). */
export interface SettingsFacts {
  name?: string;
  trunks: Partial<Trunks>;
  pool: Partial<Trunks>;
}

/** What the form shows: the text typed, the rule chosen per classifier, prepay and the ticked sections. */
export interface SettingsForm {
  values: Record<string, string>;
  restrictions: Partial<CallRestrictions>;
  allow_prepay: boolean;
  sections: string[];
}

export const settingsTextFields = (pool: boolean) => [
  'name',
  'timezone',
  'locale',
  ...TRUNK_KINDS.map((k) => trunkField(k, pool)),
];

/** The form as the account is now (GET). */
export function settingsFormOf(row: AccountSettingsRow, pool: boolean): SettingsForm {
  const trunks: Trunks = pool
    ? { inbound: row.pool_inbound_trunks, outbound: row.pool_outbound_trunks, twoway: row.pool_twoway_trunks }
    : { inbound: row.inbound_trunks, outbound: row.outbound_trunks, twoway: row.twoway_trunks };
  return {
    values: {
      name: row.name,
      // A stored alias shows as its canonical zone, selected in the list.
      timezone: canonicalTimeZone(row.time_zone) ?? row.time_zone,
      locale: row.locale,
      ...Object.fromEntries(TRUNK_KINDS.map((k) => [trunkField(k, pool), String(trunks[k])])),
    },
    restrictions: { ...row.call_restrictions },
    allow_prepay: row.allow_prepay,
    sections: [...row.enabled_sections],
  };
}

/** The form as it was posted, to show it again (never the raw body). */
export function settingsFormFrom(body: Record<string, unknown>, pool: boolean): SettingsForm {
  const given = (body.restrictions && typeof body.restrictions === 'object' ? body.restrictions : {}) as Record<
    string,
    unknown
  >;
  const restrictions: Partial<CallRestrictions> = {};
  for (const c of CLASSIFIERS) if (given[c] === 'allow' || given[c] === 'deny') restrictions[c] = given[c];
  return {
    values: Object.fromEntries(settingsTextFields(pool).map((f) => [f, text(body, f)])),
    restrictions,
    allow_prepay: isTicked(body.allow_prepay),
    sections: tickedSections(body),
  };
}

export function parseAccountSettings(
  body: unknown,
  options: { pool: boolean; offered: readonly Section[] },
):
  | { ok: true; data: AccountSettingsInput }
  | { ok: false; form: SettingsForm; errors: FieldErrors; facts: SettingsFacts } {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // Only the fields this form has reach the wizard's checks (no admin, no credit, no realm label).
  const own: Record<string, unknown> = {
    ...Object.fromEntries(settingsTextFields(options.pool).map((f) => [f, fields[f]])),
    restrictions: fields.restrictions,
    allow_prepay: fields.allow_prepay,
    sections: fields.sections,
  };
  const account = parseAccountStep(own, { reseller: false, storedPassword: false });
  const limits = parseRestrictionsStep(own, { pool: options.pool });
  const sections = parsePermissionsStep(own, options.offered);
  if (!account.ok || !limits.ok || !sections.ok) {
    const errors: FieldErrors = {
      ...(account.ok ? {} : account.errors),
      ...(limits.ok ? {} : limits.errors),
      ...(sections.ok ? {} : sections.errors),
    };
    const trunks = limits.ok ? (options.pool ? limits.data.pool : limits.data.trunks) : limits.trunks;
    const facts: SettingsFacts = {
      name: account.ok ? account.data.name : account.facts.name,
      trunks: options.pool ? {} : trunks,
      pool: options.pool ? trunks : {},
    };
    return { ok: false, form: settingsFormFrom(fields, options.pool), errors, facts };
  }
  return {
    ok: true,
    data: {
      name: account.data.name,
      timezone: account.data.timezone,
      locale: account.data.locale,
      trunks: limits.data.trunks,
      pool: limits.data.pool,
      restrictions: limits.data.restrictions,
      allow_prepay: limits.data.allow_prepay,
      sections: sections.data.sections,
    },
  };
}
