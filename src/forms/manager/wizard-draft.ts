import type { Section } from '../../domain/permissions';
import type { DraftData } from '../../models/account-drafts';
import { CLASSIFIERS } from '../../models/accounts';
import type { FieldErrors } from '../form';
import type { Trunks } from '../../models/trunk-pool';
import { ACCOUNT_FIELDS, parseAccountStep, type AccountStepFacts, type AccountStepInput } from './account-step';
import { parsePermissionsStep, tickedSections } from './permissions-step';
import { parseRestrictionsStep, restrictionFields, type RestrictionsStepInput } from './restrictions-step';
import { checkSupportContacts, parseRemoval, parseSupportEmail } from './support-step';
import { positiveId } from '../../domain/ids';
import { draftBody, INPUT_STEPS, isTicked, text, type InputStep, type Step, type WizardPost } from './wizard';

/**
 * The wizard's parse beat. A step's POST is kept in the draft as typed (strings, so the page can show
 * them again whatever happens), and parsed from the draft into typed input; «Crear cuenta» parses
 * every step the draft holds. The services receive only the typed input.
 */
export interface WizardOptions {
  /** The platform is making a reseller: a pool instead of trunks, and a realm label. */
  reseller: boolean;
  /** The sections the parent may give. */
  offered: readonly Section[];
}

export interface SupportInput {
  partners: number[];
  emails: string[];
}

/** Everything the wizard gathered, each step as its form object accepted it. */
export interface WizardInput {
  account: AccountStepInput;
  restrictions: RestrictionsStepInput;
  support: SupportInput;
  sections: Section[];
}

export type StepInput =
  | { step: 'account'; account: AccountStepInput }
  | { step: 'restrictions'; restrictions: RestrictionsStepInput }
  | { step: 'support'; support: SupportInput }
  | { step: 'permissions'; sections: Section[] };

/** What the database must still check of a step that did not pass, from the fields that did. */
export type StepFacts =
  { step: 'account'; account: AccountStepFacts } | { step: 'restrictions'; trunks: Partial<Trunks> };

export type ParsedStep = { ok: true; input: StepInput } | { ok: false; errors: FieldErrors; facts?: StepFacts };

/** Longer than any field may be; what is kept of a value as typed. */
const KEPT_LENGTH = 1000;
const typed = (body: Record<string, unknown>, field: string) => text(body, field).slice(0, KEPT_LENGTH);

/** The draft with what a step's form posted, kept as typed (never a password). */
export function keepPosted(
  step: Step,
  body: Record<string, unknown>,
  data: DraftData,
  options: WizardOptions,
): DraftData {
  const kept = { ...data, values: { ...data.values }, completed: data.completed.filter((s) => s !== step) };
  if (step === 'account') {
    for (const field of ACCOUNT_FIELDS) kept.values[field] = typed(body, field);
    kept.add_admin = isTicked(body.add_admin);
  } else if (step === 'restrictions') {
    for (const field of restrictionFields(options.reseller)) kept.values[field] = typed(body, field);
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

type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const accountOf = (data: DraftData, options: WizardOptions, typedPassword = '') =>
  parseAccountStep(
    { ...draftBody(data), admin_password: typedPassword },
    { reseller: options.reseller, storedPassword: data.admin_password_hash !== null },
  );

const restrictionsOf = (data: DraftData, options: WizardOptions) =>
  parseRestrictionsStep(draftBody(data), { pool: options.reseller });

function supportOf(data: DraftData): Parsed<SupportInput> {
  const support = { partners: data.support_partners, emails: data.support_emails };
  const errors = checkSupportContacts(support);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: support };
}

const sectionsOf = (data: DraftData, options: WizardOptions): Parsed<{ sections: Section[] }> =>
  parsePermissionsStep(draftBody(data), options.offered);

/**
 * One step as the draft holds it, into typed input. `typedPassword` is the admin password typed on
 * this very POST (the draft keeps only its hash).
 */
export function parseDraftStep(
  step: InputStep,
  data: DraftData,
  options: WizardOptions,
  typedPassword = '',
): ParsedStep {
  switch (step) {
    case 'account': {
      const form = accountOf(data, options, typedPassword);
      if (!form.ok) return { ok: false, errors: form.errors, facts: { step, account: form.facts } };
      return { ok: true, input: { step, account: form.data } };
    }
    case 'restrictions': {
      const form = restrictionsOf(data, options);
      if (!form.ok)
        return { ok: false, errors: form.errors, facts: { step, trunks: options.reseller ? {} : form.trunks } };
      return { ok: true, input: { step, restrictions: form.data } };
    }
    case 'support': {
      const form = supportOf(data);
      return form.ok ? { ok: true, input: { step, support: form.data } } : form;
    }
    case 'permissions': {
      const form = sectionsOf(data, options);
      return form.ok ? { ok: true, input: { step, sections: form.data.sections } } : form;
    }
  }
}

/** «Crear cuenta»: every step as the draft holds it, or the first step whose values no longer pass. */
export function parseDraft(
  data: DraftData,
  options: WizardOptions,
): { ok: true; input: WizardInput } | { ok: false; step: InputStep; errors: FieldErrors } {
  const account = accountOf(data, options);
  if (!account.ok) return { ok: false, step: 'account', errors: account.errors };
  const restrictions = restrictionsOf(data, options);
  if (!restrictions.ok) return { ok: false, step: 'restrictions', errors: restrictions.errors };
  const support = supportOf(data);
  if (!support.ok) return { ok: false, step: 'support', errors: support.errors };
  const permissions = sectionsOf(data, options);
  if (!permissions.ok) return { ok: false, step: 'permissions', errors: permissions.errors };
  return {
    ok: true,
    input: {
      account: account.data,
      restrictions: restrictions.data,
      support: support.data,
      sections: permissions.data.sections,
    },
  };
}

/** Everything one POST of the wizard says, parsed: the service works on this, never on the body. */
export interface PostedStep {
  /** The draft with this POST's values kept as typed. */
  kept: DraftData;
  /** The admin password typed on this POST ('' when none): hashed by the service, never kept. */
  typedPassword: string;
  /** The posted step as typed input, or its errors (null for the steps without fields). */
  parsed: ParsedStep | null;
  /** With «Crear cuenta», every step of the draft. */
  whole: ReturnType<typeof parseDraft> | null;
  /** «Agregar» beside the typed address. */
  supportEmail: ReturnType<typeof parseSupportEmail> | null;
  /** «Agregar» beside a partner found by the search. */
  partnerId: number | null;
  /** ✕ beside a support contact. */
  removal: ReturnType<typeof parseRemoval>;
}

const isInputStep = (step: Step): step is InputStep => (INPUT_STEPS as readonly Step[]).includes(step);

export function readWizardPost(
  post: WizardPost,
  body: Record<string, unknown>,
  draft: DraftData,
  options: WizardOptions,
): PostedStep {
  const kept = keepPosted(post.step, body, draft, options);
  const typedPassword = post.step === 'account' && kept.add_admin ? text(body, 'admin_password') : '';
  return {
    kept,
    typedPassword,
    parsed: isInputStep(post.step) ? parseDraftStep(post.step, kept, options, typedPassword) : null,
    whole: post.move === 'create' ? parseDraft(kept, options) : null,
    supportEmail: post.move === 'add_email' ? parseSupportEmail(body) : null,
    partnerId: post.move === 'add_partner' ? positiveId(body.add_partner) : null,
    removal: post.move === 'remove_contact' ? parseRemoval(body.remove_contact) : null,
  };
}
