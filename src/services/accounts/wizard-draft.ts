import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { ACCOUNT_FIELDS, parseAccountStep } from '../../forms/manager/account-step';
import type { FieldErrors } from '../../forms/form';
import { parsePermissionsStep, tickedSections } from '../../forms/manager/permissions-step';
import { parseRestrictionsStep, poolErrors, restrictionFields } from '../../forms/manager/restrictions-step';
import { checkSupportContacts } from '../../forms/manager/support-step';
import { draftBody, INPUT_STEPS, isTicked, text, type InputStep, type Step } from '../../forms/manager/wizard';
import type { DraftData, DraftScope } from '../../models/account-drafts';
import {
  CLASSIFIERS,
  DEFAULT_RESTRICTIONS,
  realmTaken,
  siblingNameTaken,
  type ParentAccount,
} from '../../models/accounts';
import { partnersOf } from '../../models/partners';
import { exceededKinds, poolState, type Trunks } from '../../models/trunk-pool';
import { findUserByEmail } from '../../models/users';
import { SECTIONS, type Section } from '../../domain/permissions';
import type { NewAccountInput } from './create-account';
import { fitsRealm, realmFor } from '../../domain/realm';

/**
 * What «Agregar cuenta nueva» works on: the parent account, the draft (models/account-drafts.ts)
 * and each step's checks against what the draft holds.
 */
export interface Wizard {
  deps: AppDeps;
  current: MemberUser;
  parent: ParentAccount;
  scope: DraftScope;
  ip?: string;
}

/** A new account is a reseller when the platform creates it, else a customer account. */
export const createsReseller = (parent: ParentAccount) => parent.kind === 'platform';

/** The sections a parent may give: the platform gives any; a reseller only those it has itself. */
export function offeredSections(parent: ParentAccount): Section[] {
  return SECTIONS.filter((s) => createsReseller(parent) || parent.enabled_sections.includes(s));
}

export function initialDraft(wizard: Wizard): DraftData {
  const pool = createsReseller(wizard.parent);
  return {
    values: {
      timezone: wizard.parent.time_zone,
      locale: wizard.parent.locale,
      admin_password_mode: 'generated',
      ...Object.fromEntries(restrictionFields(pool).map((f) => [f, f === 'credit' ? '0.00' : '0'])),
    },
    add_admin: false,
    allow_prepay: false,
    restrictions: { ...DEFAULT_RESTRICTIONS },
    sections: offeredSections(wizard.parent),
    // The partner who creates the account is its first support contact (seed 002).
    support_partners: [wizard.current.id],
    support_emails: [],
    admin_password_hash: null,
    completed: [],
  };
}

/** The first step still to be completed: a draft can be shown up to there, and Revisar only when none is left. */
export function furthestStep(data: DraftData): Step {
  return INPUT_STEPS.find((s) => !data.completed.includes(s)) ?? 'review';
}

/** Longer than any field may be; what is kept of a value as typed. */
const KEPT_LENGTH = 1000;
const typed = (body: Record<string, unknown>, field: string) => text(body, field).slice(0, KEPT_LENGTH);

/** What a step's form posted, kept as typed whatever else happens. */
export function keep(wizard: Wizard, step: Step, body: Record<string, unknown>, data: DraftData): DraftData {
  const kept = { ...data, values: { ...data.values }, completed: data.completed.filter((s) => s !== step) };
  if (step === 'account') {
    for (const field of ACCOUNT_FIELDS) kept.values[field] = typed(body, field);
    kept.add_admin = isTicked(body.add_admin);
  } else if (step === 'restrictions') {
    for (const field of restrictionFields(createsReseller(wizard.parent))) kept.values[field] = typed(body, field);
    const given = (body.restrictions ?? {}) as Record<string, unknown>;
    kept.restrictions = Object.fromEntries(
      CLASSIFIERS.map((c) => [c, given[c] === 'allow' || given[c] === 'deny' ? given[c] : '']),
    );
    kept.allow_prepay = isTicked(body.allow_prepay);
  } else if (step === 'permissions') {
    kept.sections = tickedSections(body);
  } else if (step === 'support') {
    kept.completed = data.completed;
  }
  return kept;
}

/**
 * Checks one step as the draft holds it, including what only the database knows (a name or realm
 * taken, a login that exists, trunks over what the pool has left). The pool is checked again,
 * locked, when the account is created.
 */
export async function checkStep(
  wizard: Wizard,
  step: InputStep,
  data: DraftData,
  typedPassword = '',
): Promise<{ errors: FieldErrors; available?: Trunks; input?: Partial<NewAccountInput> }> {
  const { db } = wizard.deps;
  const body = { ...draftBody(data), admin_password: typedPassword };
  const reseller = createsReseller(wizard.parent);
  if (step === 'account') {
    const form = parseAccountStep(body, { reseller, storedPassword: data.admin_password_hash !== null });
    if (!form.ok) return { errors: form.errors };
    const errors: FieldErrors = {};
    if (await siblingNameTaken(db, wizard.parent.id, form.data.name)) errors.name = 'errors.manager.account.name.taken';
    const label = form.data.realm_label;
    if (label !== null && !fitsRealm(label, wizard.parent.realm))
      errors.realm_label = 'errors.manager.account.realm_label.too_long';
    else if (label !== null && (await realmTaken(db, realmFor(label, wizard.parent.realm))))
      errors.realm_label = 'errors.manager.account.realm_label.taken';
    const admin = form.data.admin;
    if (admin && admin.password_mode !== 'invite' && (await findUserByEmail(db, admin.email)))
      errors.admin_email = 'errors.manager.account.admin_email.has_login';
    return { errors, input: { account: form.data } };
  }
  if (step === 'restrictions') {
    const form = parseRestrictionsStep(body, { pool: reseller });
    if (!form.ok) return { errors: form.errors };
    if (reseller) return { errors: {}, input: { restrictions: form.data } };
    const { available } = await poolState(db, wizard.parent.id);
    const over = exceededKinds(form.data.trunks, available);
    return { errors: poolErrors(over, available), available, input: { restrictions: form.data } };
  }
  if (step === 'support') {
    const partners = await partnersOf(db, wizard.parent.id, data.support_partners);
    const support = { partners: partners.map((p) => p.id), emails: data.support_emails };
    return { errors: checkSupportContacts(support), input: { support } };
  }
  const form = parsePermissionsStep(body, offeredSections(wizard.parent));
  return form.ok ? { errors: {}, input: { sections: form.data.sections } } : { errors: form.errors };
}
