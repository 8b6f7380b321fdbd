import type { DraftData } from '../../models/account-drafts';
import { positiveId } from '../../domain/ids';

/** The steps of "Agregar cuenta nueva", in order. */
export const STEPS = ['account', 'restrictions', 'support', 'permissions', 'review'] as const;
export type Step = (typeof STEPS)[number];
/** The steps that hold values (review only shows them). */
export const INPUT_STEPS = ['account', 'restrictions', 'support', 'permissions'] as const;
export type InputStep = (typeof INPUT_STEPS)[number];

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

/**
 * What a wizard POST asks for, from its hidden fields and the button pressed (`go`):
 * next / back keep what was typed; review jumps back to Revisar; create creates the account;
 * add_email, add_partner and remove_contact change the support contacts list.
 */
export const MOVES = ['next', 'back', 'review', 'create', 'add_email', 'add_partner', 'remove_contact'] as const;
export type Move = (typeof MOVES)[number];

export interface WizardPost {
  draftId: number | null;
  step: Step;
  move: Move;
}

export function parseWizardPost(body: unknown): WizardPost {
  const b = (body ?? {}) as Record<string, unknown>;
  const step = isStep(b.step) ? b.step : 'account';
  let move: Move = (MOVES as readonly string[]).includes(b.go as string) ? (b.go as Move) : 'next';
  // «Agregar» beside a partner and ✕ beside a contact carry their value in their own button.
  if (b.add_partner !== undefined) move = 'add_partner';
  if (b.remove_contact !== undefined) move = 'remove_contact';
  return { draftId: positiveId(b.draft), step, move };
}

export function nextStep(step: Step): Step {
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)];
}

export function previousStep(step: Step): Step {
  return STEPS[Math.max(STEPS.indexOf(step) - 1, 0)];
}

/** A draft as the body of a form post, so each step's form object can check it again before creating. */
export function draftBody(data: DraftData): Record<string, unknown> {
  return {
    ...data.values,
    add_admin: data.add_admin ? '1' : '',
    allow_prepay: data.allow_prepay ? '1' : '',
    restrictions: data.restrictions,
    sections: data.sections,
  };
}

export const isTicked = (value: unknown) => value === '1' || value === 'on' || value === 'true';

/** A string field of a body, or ''. */
export const text = (body: Record<string, unknown>, field: string) =>
  typeof body[field] === 'string' ? body[field] : '';
