import type { FieldErrors } from '../../forms/form';
import { MAX_SUPPORT_CONTACTS, SUPPORT_CONTACTS_PATH, supportContactsMessage } from '../../domain/support-contacts';
import { nextStep, previousStep, STEPS, type Step, type WizardPost } from '../../forms/manager/wizard';
import type { PostedStep, WizardInput } from '../../forms/manager/wizard-draft';
import { createDraft, findDraft, saveDraft, type DraftData } from '../../models/account-drafts';
import { partnersOf } from '../../models/partners';
import type { Trunks } from '../../models/trunk-pool';
import { hashSecret } from '../passwords';
import { userActor } from '../../domain/actor';
import { createManagedAccount } from './create-account';
import { checkRefused, checkStep, furthestStep, initialDraft, type Wizard } from './wizard-draft';

/**
 * "Agregar cuenta nueva", step by step: each step is a plain form POST; whichever button is pressed,
 * what was typed is kept in the draft, and checked when moving forward. The forms parse the POST
 * (forms/manager/wizard-draft.ts); this file decides what happens with it.
 *
 * `invalid` carries the form's own errors by their field names and this service's refusals by
 * their path in the account's data (`admin.email`, `trunks.inbound`, `support_contacts`); the page
 * names its fields from both with forms/manager/field-paths.ts.
 */
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

/** The draft a POST continues (a new one when it names none), or null when it expired or is not this user's. */
export async function openDraft(wizard: Wizard, draftId: number | null): Promise<DraftData | null> {
  if (draftId === null) return initialDraft(wizard);
  return (await findDraft(wizard.deps.db, wizard.scope, draftId))?.data ?? null;
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

const TOO_MANY: FieldErrors = { [SUPPORT_CONTACTS_PATH]: supportContactsMessage('too_many') };
const isFull = (data: DraftData) => data.support_partners.length + data.support_emails.length >= MAX_SUPPORT_CONTACTS;

/** Handles one POST of the wizard, as its forms parsed it. */
export async function submitStep(wizard: Wizard, post: WizardPost, posted: PostedStep): Promise<WizardOutcome> {
  const { db } = wizard.deps;
  let draftId = post.draftId;
  const store = async (next: DraftData) => {
    if (draftId === null) draftId = await createDraft(db, wizard.scope, next);
    else await saveDraft(db, draftId, next);
    return draftId;
  };

  const { step } = post;
  const data = posted.kept;
  switch (post.move) {
    case 'back':
      return { kind: 'show', draftId: await store(data), step: previousStep(step) };
    case 'add_email': {
      const form = posted.supportEmail;
      if (!form) return { kind: 'show', draftId: await store(data), step };
      if (!form.ok)
        return { kind: 'invalid', draftId: await store(data), step, data, errors: form.errors, typedEmail: form.value };
      if (isFull(data))
        return { kind: 'invalid', draftId: await store(data), step, data, errors: TOO_MANY, typedEmail: form.email };
      if (!data.support_emails.includes(form.email)) data.support_emails = [...data.support_emails, form.email];
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'add_partner': {
      const [partner] = await partnersOf(db, wizard.parent.id, [posted.partnerId ?? 0]);
      if (!partner) return { kind: 'not_found' };
      if (isFull(data)) return { kind: 'invalid', draftId: await store(data), step, data, errors: TOO_MANY };
      if (!data.support_partners.includes(partner.id)) data.support_partners = [...data.support_partners, partner.id];
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'remove_contact': {
      const removal = posted.removal;
      if (removal && 'partner' in removal)
        data.support_partners = data.support_partners.filter((id) => id !== removal.partner);
      if (removal && 'email' in removal) data.support_emails = data.support_emails.filter((e) => e !== removal.email);
      return { kind: 'show', draftId: await store(data), step };
    }
    case 'create':
      // Only from «Revisar», once every step has been accepted: else the first step still to accept.
      if (step !== 'review' || furthestStep(data) !== 'review')
        return { kind: 'show', draftId: await store(data), step: furthestStep(data) };
      return create(wizard, data, posted, await store(data));
    default: {
      if (!posted.parsed) return { kind: 'show', draftId: await store(data), step: furthestStep(data) };
      const checked = posted.parsed.ok
        ? await checkStep(wizard, posted.parsed.input)
        : await checkRefused(wizard, posted.parsed);
      if (Object.keys(checked.errors).length)
        return {
          kind: 'invalid',
          draftId: await store(data),
          step,
          data,
          errors: checked.errors,
          available: 'available' in checked ? checked.available : undefined,
        };
      if (posted.parsed.ok && posted.parsed.input.step === 'account') {
        const admin = posted.parsed.input.account.admin;
        if (admin?.password_mode !== 'typed') data.admin_password_hash = null;
        else if (posted.typedPassword) data.admin_password_hash = await hashSecret(posted.typedPassword);
      }
      data.completed = [...data.completed, step];
      const to = post.move === 'review' ? furthestStep(data) : nextStep(step);
      return { kind: 'show', draftId: await store(data), step: to };
    }
  }
}

/**
 * «Crear cuenta» (from «Revisar», every step accepted): every step is checked again as the draft
 * holds it, then the account is created.
 */
async function create(wizard: Wizard, data: DraftData, posted: PostedStep, draftId: number): Promise<WizardOutcome> {
  const whole = posted.whole;
  if (!whole) return { kind: 'show', draftId, step: furthestStep(data) };
  if (!whole.ok) return { kind: 'invalid', draftId, step: whole.step, data, errors: whole.errors };
  const steps = [
    { step: 'account', account: whole.input.account },
    { step: 'restrictions', restrictions: whole.input.restrictions },
    { step: 'support', support: whole.input.support },
    { step: 'permissions', sections: whole.input.sections },
  ] as const;
  const input: WizardInput = { ...whole.input };
  for (const stepInput of steps) {
    const checked = await checkStep(wizard, stepInput);
    if (Object.keys(checked.errors).length)
      return {
        kind: 'invalid',
        draftId,
        step: stepInput.step,
        data,
        errors: checked.errors,
        available: checked.available,
      };
    if (checked.input.step === 'support') input.support = checked.input.support;
  }
  const result = await createManagedAccount(
    wizard.deps,
    userActor(wizard.current.id),
    wizard.parent,
    { ...input, adminPasswordHash: data.admin_password_hash },
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
