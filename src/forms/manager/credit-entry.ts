import { MAX_AMOUNT_CENTS, parseAmount } from '../../domain/money';
import type { FormResult } from '../form';
import { textField } from '../fields';
import { text } from './wizard';

/** The credit ledger's form (POST /manager/accounts/:id/credit): `amount`, `direction` (add | remove), `note`. */
export const DIRECTIONS = ['add', 'remove'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The largest single entry, in cents (one hundred million). */
export const MAX_ENTRY_CENTS = MAX_AMOUNT_CENTS;
export const MAX_NOTE_LENGTH = 300;

export interface CreditEntryInput {
  direction: Direction;
  /** Always positive; the direction says which way it goes. */
  amount_cents: number;
  note: string;
}

export const CREDIT_FIELDS = ['amount', 'direction', 'note'] as const;

const F = 'manager.credit';
const noteSchema = textField(F, 'note', { required: true, max: MAX_NOTE_LENGTH });

export function parseCreditEntry(body: unknown): FormResult<CreditEntryInput> {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values = Object.fromEntries(CREDIT_FIELDS.map((f) => [f, text(fields, f)]));
  const errors: Record<string, string> = {};

  const raw = values.amount.trim();
  const cents = raw.startsWith('-') ? null : parseAmount(raw);
  if (!raw) errors.amount = `errors.${F}.amount.required`;
  else if (cents === null) errors.amount = `errors.${F}.amount.invalid`;
  else if (cents === 0) errors.amount = `errors.${F}.amount.zero`;
  else if (cents > MAX_ENTRY_CENTS) errors.amount = `errors.${F}.amount.too_large`;

  const direction = values.direction as Direction;
  if (!DIRECTIONS.includes(direction)) errors.direction = `errors.${F}.direction.required`;

  const note = noteSchema.safeParse(fields.note ?? '');
  if (!note.success) {
    const message = note.error.issues[0]?.message ?? '';
    errors.note = message.startsWith('errors.') ? message : `errors.${F}.note.required`;
  }

  if (Object.keys(errors).length || cents === null || !note.success) return { ok: false, values, errors };
  return { ok: true, data: { direction, amount_cents: cents, note: note.data } };
}
