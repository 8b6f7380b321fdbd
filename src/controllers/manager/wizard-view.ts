import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { PASSWORD_MODES } from '../../forms/manager/account-step';
import type { FieldErrors } from '../../forms/form';
import { parseMoney, trunkField } from '../../forms/manager/restrictions-step';
import { STEPS, type Step } from '../../forms/manager/wizard';
import type { DraftData } from '../../models/account-drafts';
import { CLASSIFIERS } from '../../models/accounts';
import { partnersOf, searchPartnersOf } from '../../models/partners';
import { poolState, TRUNK_KINDS, type Trunks } from '../../models/trunk-pool';
import { isEmailAddress } from '../../domain/email-address';
import { createsReseller, sectionsOffered } from '../../domain/account-kinds';
import { furthestStep, type Wizard } from '../../services/accounts/wizard-draft';
import { managedAccountLabels } from '../../views/field-labels';

export interface StepView {
  status: number;
  draftId: number | null;
  step: Step;
  data: DraftData;
  errors: FieldErrors;
  /** What the pool had left when a request for trunks was refused. */
  available?: Trunks;
  typedEmail?: string;
}

/** The support step's search box: partners by name or e-mail (those already chosen shown as such), or a typed address (seed 002). */
async function supportSearch(deps: AppDeps, wizard: Wizard, req: Request) {
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 254) : '';
  const looksLikeEmail = q.includes('@');
  return {
    q,
    results: q.length >= 2 && !looksLikeEmail ? await searchPartnersOf(deps.db, wizard.parent.id, q, []) : [],
    typedAddress: looksLikeEmail && isEmailAddress(q.toLowerCase()) ? q.toLowerCase() : null,
    invalidAddress: looksLikeEmail && !isEmailAddress(q.toLowerCase()),
  };
}

/** Renders one step of the wizard with everything its page shows (reads only). */
export async function renderStep(deps: AppDeps, req: Request, res: Response, wizard: Wizard, view: StepView) {
  const { data, step } = view;
  const reseller = createsReseller(wizard.parent);
  const pool = reseller ? null : await poolState(deps.db, wizard.parent.id);
  const needsPartners = step === 'support' || step === 'review';
  res.status(view.status).render(`manager/wizard/${step}`, {
    step,
    steps: STEPS,
    furthest: furthestStep(data),
    draftId: view.draftId,
    data,
    values: data.values,
    errors: view.errors,
    errorLabels: managedAccountLabels(reseller),
    parent: wizard.parent,
    reseller,
    available: view.available ?? pool?.available ?? null,
    pool,
    trunkKinds: TRUNK_KINDS,
    trunkField: (kind: (typeof TRUNK_KINDS)[number]) => trunkField(kind, reseller),
    classifiers: CLASSIFIERS,
    passwordModes: PASSWORD_MODES,
    storedPassword: data.admin_password_hash !== null,
    offered: sectionsOffered(wizard.parent),
    partners: needsPartners ? await partnersOf(deps.db, wizard.parent.id, data.support_partners) : [],
    search: step === 'support' ? await supportSearch(deps, wizard, req) : null,
    typedEmail: view.typedEmail ?? '',
    creditCents: parseMoney(data.values.credit ?? '') ?? null,
  });
}
