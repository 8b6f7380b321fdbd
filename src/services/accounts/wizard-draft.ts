import type { AppDeps } from '../../app-deps';
import { canonicalTimeZone } from '../../domain/time-zones';
import type { MemberUser } from '../../current-user';
import { createsReseller, sectionsOffered } from '../../domain/account-kinds';
import { fitsRealm, realmFor } from '../../domain/realm';
import type { FieldErrors } from '../../forms/form';
import { restrictionFields } from '../../forms/manager/restrictions-step';
import { SUPPORT_CONTACTS_PATH, supportContactsMessage, supportContactsRefusal } from '../../domain/support-contacts';
import type { StepFacts, StepInput, WizardOptions } from '../../forms/manager/wizard-draft';
import { accountFacts } from '../../forms/manager/account-step';
import { INPUT_STEPS, type Step } from '../../forms/manager/wizard';
import type { DraftData, DraftScope } from '../../models/account-drafts';
import { DEFAULT_RESTRICTIONS, realmTaken, siblingNameTaken, type ParentAccount } from '../../models/accounts';
import { partnersOf } from '../../models/partners';
import { exceededKinds, poolState, type Trunks } from '../../models/trunk-pool';
import { findUserByEmail } from '../../models/users';
import { overPool } from './pool-refusal';

/**
 * What «Agregar cuenta nueva» works on: the parent account, the draft (models/account-drafts.ts)
 * and each step's checks against what only the database knows.
 */
export interface Wizard {
  deps: AppDeps;
  current: MemberUser;
  parent: ParentAccount;
  scope: DraftScope;
  ip?: string;
}

/** How the wizard's forms read a step for this parent. */
export const wizardOptions = (parent: ParentAccount): WizardOptions => ({
  reseller: createsReseller(parent),
  offered: sectionsOffered(parent),
});

export function initialDraft(wizard: Wizard): DraftData {
  const pool = createsReseller(wizard.parent);
  return {
    values: {
      timezone: canonicalTimeZone(wizard.parent.time_zone) ?? wizard.parent.time_zone,
      locale: wizard.parent.locale,
      admin_password_mode: 'generated',
      ...Object.fromEntries(restrictionFields(pool).map((f) => [f, f === 'credit' ? '0.00' : '0'])),
    },
    add_admin: false,
    allow_prepay: false,
    restrictions: { ...DEFAULT_RESTRICTIONS },
    sections: sectionsOffered(wizard.parent),
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

/**
 * Checks what a step typed against what only the database knows (a name or realm taken, a login
 * that exists, trunks over what the pool has left): from the fields that passed, also when others
 * did not, so a step shows every problem in one round. The pool is checked again, locked, when the
 * account is created.
 * Refusals name the path in the account's data (`admin.email`, `trunks.inbound`), as
 * createManagedAccount's do; the page maps them to its fields.
 */
export async function checkFacts(
  wizard: Wizard,
  facts: StepFacts,
): Promise<{ errors: FieldErrors; available?: Trunks }> {
  const { db } = wizard.deps;
  if (facts.step === 'restrictions') {
    if (createsReseller(wizard.parent)) return { errors: {} };
    const { available } = await poolState(db, wizard.parent.id);
    return { errors: overPool(exceededKinds(facts.trunks, available), available), available };
  }
  const errors: FieldErrors = {};
  const { name, realm_label: label, login_email: email } = facts.account;
  if (name !== undefined && (await siblingNameTaken(db, wizard.parent.id, name)))
    errors.name = 'errors.manager.account.name.taken';
  if (label !== undefined && !fitsRealm(label, wizard.parent.realm))
    errors.realm_label = 'errors.manager.account.realm_label.too_long';
  else if (label !== undefined && (await realmTaken(db, realmFor(label, wizard.parent.realm))))
    errors.realm_label = 'errors.manager.account.realm_label.taken';
  if (email !== undefined && (await findUserByEmail(db, email)))
    errors['admin.email'] = 'errors.manager.account.admin_email.has_login';
  return { errors };
}

/** Checks an accepted step's typed input against what only the database knows (see checkFacts). */
export async function checkStep(
  wizard: Wizard,
  input: StepInput,
): Promise<{ errors: FieldErrors; available?: Trunks; input: StepInput }> {
  switch (input.step) {
    case 'account':
      return { ...(await checkFacts(wizard, { step: 'account', account: accountFacts(input.account) })), input };
    case 'restrictions':
      return { ...(await checkFacts(wizard, { step: 'restrictions', trunks: input.restrictions.trunks })), input };
    case 'support': {
      // Someone who stopped being a partner of the parent since the step was saved is dropped here.
      const partners = await partnersOf(wizard.deps.db, wizard.parent.id, input.support.partners);
      const support = { ...input.support, partners: partners.map((p) => p.id) };
      const refusal = supportContactsRefusal(support.partners.length + support.emails.length);
      const errors: FieldErrors = refusal ? { [SUPPORT_CONTACTS_PATH]: supportContactsMessage(refusal) } : {};
      return { errors, input: { step: 'support', support } };
    }
    case 'permissions':
      return { errors: {}, input };
  }
}

/** A step that did not pass: its own errors, and what the database says of the fields that did. */
export async function checkRefused(
  wizard: Wizard,
  parsed: { errors: FieldErrors; facts?: StepFacts },
): Promise<{ errors: FieldErrors; available?: Trunks }> {
  const found = parsed.facts ? await checkFacts(wizard, parsed.facts) : { errors: {} };
  return { ...found, errors: { ...found.errors, ...parsed.errors } };
}
