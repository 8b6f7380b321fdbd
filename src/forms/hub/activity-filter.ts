import { AUDIT_ACTIONS, type AuditAction } from '../../domain/audit-actions';
import { positiveId } from '../../domain/ids';
import type { FieldErrors, FormResult } from '../form';

/** The filters of «Actividad de la cuenta», in the order the form shows them. */
export const ACTIVITY_FILTER_FIELDS = ['person', 'action', 'from', 'to'] as const;

export interface ActivityFilterInput {
  /** A user's id (of this account or not: another's simply matches nothing). */
  person: number | null;
  action: AuditAction | null;
  /** Calendar days, YYYY-MM-DD, both included. */
  from: string | null;
  to: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');

/** A day that exists, as `<input type="date">` sends it (2026-02-30 does not). */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1970-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** `?person=&action=&from=&to=` of the activity log and its export; empty means no filter. */
export function parseActivityFilter(query: Record<string, unknown>): FormResult<ActivityFilterInput> {
  const values: Record<string, string> = Object.fromEntries(ACTIVITY_FILTER_FIELDS.map((f) => [f, text(query[f])]));
  const errors: FieldErrors = {};
  const person = values.person ? positiveId(values.person) : null;
  if (values.person && person === null) errors.person = 'errors.activity.person.invalid';
  const action = AUDIT_ACTIONS.find((a) => a === values.action) ?? null;
  if (values.action && !action) errors.action = 'errors.activity.action.invalid';
  if (values.from && !isDay(values.from)) errors.from = 'errors.activity.from.invalid';
  if (values.to && !isDay(values.to)) errors.to = 'errors.activity.to.invalid';
  else if (!errors.from && values.from && values.to && values.to < values.from)
    errors.to = 'errors.activity.to.before_from';
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return { ok: true, data: { person, action, from: values.from || null, to: values.to || null } };
}

/** The filter as query parameters (for the page links and the export), empty ones left out. */
export function activityFilterQuery(filter: ActivityFilterInput): Record<string, string> {
  const entries = Object.entries({
    person: filter.person === null ? '' : String(filter.person),
    action: filter.action ?? '',
    from: filter.from ?? '',
    to: filter.to ?? '',
  });
  return Object.fromEntries(entries.filter(([, v]) => v !== ''));
}
