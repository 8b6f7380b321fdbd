import type { Section } from '../../domain/permissions';
import type { FieldErrors } from '../form';

/** Step «Permisos»: the sections the new account may use, among those the parent may give. */
const F = 'manager.permissions';

/** The ticked `sections[]`, as posted (to tick them again). */
export function tickedSections(body: Record<string, unknown>): string[] {
  const v = body.sections;
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(list.filter((x): x is string => typeof x === 'string'))];
}

export function parsePermissionsStep(
  body: Record<string, unknown>,
  offered: readonly Section[],
): { ok: true; data: { sections: Section[] } } | { ok: false; errors: FieldErrors } {
  const ticked = tickedSections(body);
  if (ticked.some((s) => !(offered as readonly string[]).includes(s)))
    return { ok: false, errors: { sections: `errors.${F}.sections.invalid` } };
  if (!ticked.length) return { ok: false, errors: { sections: `errors.${F}.sections.required` } };
  // In the parent's order, so the account's list reads like the menus.
  return { ok: true, data: { sections: offered.filter((s) => ticked.includes(s)) } };
}
