import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { ACCOUNT_FIELDS, parseAccountStep } from '../../forms/manager/account-step';
import type { FieldErrors } from '../../forms/form';
import { parsePermissionsStep, tickedSections } from '../../forms/manager/permissions-step';
import { parseRestrictionsStep, poolErrors, restrictionFields } from '../../forms/manager/restrictions-step';
import { checkSupportContacts, parseRemoval, parseSupportEmail } from '../../forms/manager/support-step';
import {
  draftBody,
  INPUT_STEPS,
  isTicked,
  nextStep,
  previousStep,
  STEPS,
  text,
  type InputStep,
  type Step,
  type WizardPost,
} from '../../forms/manager/wizard';
import { createDraft, findDraft, saveDraft, type DraftData, type DraftScope } from '../../models/account-drafts';
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
import { SECTIONS, type Section } from '../../permissions';
import { hashSecret } from '../passwords';
import { createManagedAccount, type NewAccountInput } from './create-account';
import { fitsRealm, realmFor } from './realm';

/**
 * "Agregar cuenta nueva": each step is a plain form POST; what was typed is kept in a draft on the
 * server (models/account-drafts.ts) whichever button is pressed, and checked when moving forward.
 */
export interface Wizard {
  deps: AppDeps;
  current: MemberUser;
  parent: ParentAccount;
  scope: DraftScope;
  ip?: string;
}

export type WizardOutcome =
  | { kind: 'show'; draftId: number; step: Step }
  | {
      kind: 'invalid';
      draftId: number;
      step: Step;
      data: DraftData;
      errors: FieldErrors;
      available?: Trunks;
      typedEmail?: string;
    }
  | { kind: 'created'; accountId: number; generatedPassword: string | null }
  | { kind: 'expired' }
  | { kind: 'not_found' };

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

/** The draft and the step to show for GET …/new?draft=&step=. */
export async function showStep(
  wizard: Wizard,
  draftId: number | null,
  wanted: unknown,
): Promise<{ draftId: number | null; step: Step; data: DraftData } | { expired: true }> {
  if (draftId === null) return { draftId: null, step: 'account', data: initialDraft(wizard) };
  const draft = await findDraft(wizard.deps.db, wizard.scope, draftId);
  if (!draft) return { expired: true };
  const furthest = furthestStep(draft.data);
  const step = STEPS.includes(wanted as Step) ? (wanted as Step) : furthest;
  return { draftId, step: STEPS.indexOf(step) <= STEPS.indexOf(furthest) ? step : furthest, data: draft.data };
}

/** What a step's form posted, kept as typed whatever else happens. */
function keep(wizard: Wizard, step: Step, body: Record<string, unknown>, data: DraftData): DraftData {
  const kept = { ...data, values: { ...data.values }, completed: data.completed.filter((s) => s !== step) };
  if (step === 'account') {
    for (const field of ACCOUNT_FIELDS) kept.values[field] = text(body, field);
    kept.add_admin = isTicked(body.add_admin);
  } else if (step === 'restrictions') {
    for (const field of restrictionFields(createsReseller(wizard.parent))) kept.values[field] = text(body, field);
    const given = (body.restrictions ?? {}) as Record<string, unknown>;
    kept.restrictions = Object.fromEntries(CLASSIFIERS.map((c) => [c, typeof given[c] === 'string' ? given[c] : '']));
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
async function checkStep(
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

/** Handles one POST of the wizard. */
export async function submitStep(
  wizard: Wizard,
  post: WizardPost,
  body: Record<string, unknown>,
): Promise<WizardOutcome> {
  const { db } = wizard.deps;
  let draftId = post.draftId;
  let data: DraftData;
  if (draftId === null) data = initialDraft(wizard);
  else {
    const draft = await findDraft(db, wizard.scope, draftId);
    if (!draft) return { kind: 'expired' };
    data = draft.data;
  }
  const store = async (next: DraftData) => {
    if (draftId === null) draftId = await createDraft(db, wizard.scope, next);
    else await saveDraft(db, draftId, next);
    return draftId;
  };

  const step = post.step;
  data = keep(wizard, step, body, data);
  switch (post.move) {
    case 'back':
      return { kind: 'show', draftId: await store(data), step: previousStep(step) };
    case 'add_email': {
      const form = parseSupportEmail(body);
      if (!form.ok)
        return { kind: 'invalid', draftId: await store(data), step, data, errors: form.errors, typedEmail: form.value };
      if (!data.support_emails.includes(form.email)) data.support_emails = [...data.support_emails, form.email];
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'add_partner': {
      const [partner] = await partnersOf(db, wizard.parent.id, [Number(body.add_partner) || 0]);
      if (!partner) return { kind: 'not_found' };
      if (!data.support_partners.includes(partner.id)) data.support_partners = [...data.support_partners, partner.id];
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'remove_contact': {
      const removal = parseRemoval(body.remove_contact);
      if (removal && 'partner' in removal)
        data.support_partners = data.support_partners.filter((id) => id !== removal.partner);
      if (removal && 'email' in removal) data.support_emails = data.support_emails.filter((e) => e !== removal.email);
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'create':
      return create(wizard, data, await store(data));
    default: {
      if (step === 'review') return { kind: 'show', draftId: await store(data), step: furthestStep(data) };
      const typed = step === 'account' && data.add_admin ? text(body, 'admin_password') : '';
      const checked = await checkStep(wizard, step, data, typed);
      if (Object.keys(checked.errors).length)
        return {
          kind: 'invalid',
          draftId: await store(data),
          step,
          data,
          errors: checked.errors,
          available: checked.available,
        };
      if (step === 'account') {
        const admin = checked.input?.account?.admin;
        if (admin?.password_mode !== 'typed') data.admin_password_hash = null;
        else if (typed) data.admin_password_hash = await hashSecret(typed);
      }
      data.completed = [...data.completed, step];
      const to = post.move === 'review' ? furthestStep(data) : nextStep(step);
      return { kind: 'show', draftId: await store(data), step: to };
    }
  }
}

/** «Crear cuenta»: every step is checked again as the draft holds it, then the account is created. */
async function create(wizard: Wizard, data: DraftData, draftId: number): Promise<WizardOutcome> {
  const input: Partial<NewAccountInput> = {};
  for (const step of INPUT_STEPS) {
    const checked = await checkStep(wizard, step, data);
    if (Object.keys(checked.errors).length)
      return { kind: 'invalid', draftId, step, data, errors: checked.errors, available: checked.available };
    Object.assign(input, checked.input);
  }
  const result = await createManagedAccount(
    wizard.deps,
    wizard.current,
    wizard.parent,
    { ...(input as NewAccountInput), adminPasswordHash: data.admin_password_hash },
    { draft: { scope: wizard.scope, id: draftId }, ip: wizard.ip },
  );
  if (result.ok) return { kind: 'created', accountId: result.accountId, generatedPassword: result.generatedPassword };
  if (result.step === 'gone') return { kind: 'expired' };
  const failed = { ...data, completed: data.completed.filter((s) => s !== result.step) };
  await saveDraft(wizard.deps.db, draftId, failed);
  return {
    kind: 'invalid',
    draftId,
    step: result.step,
    data: failed,
    errors: result.errors,
    available: result.available,
  };
}
