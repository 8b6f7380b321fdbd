/**
 * What the activity log may show of a record that changed: per kind of record, the fields a reader
 * of «Actividad de la cuenta» may see, in the order they are shown. Nothing else is ever recorded —
 * no password, security answer, token, secret, hash or two-factor key — whatever a caller passes.
 */
export const AUDITED_FIELDS = {
  account: [
    'name',
    'time_zone',
    'locale',
    'inbound_trunks',
    'outbound_trunks',
    'twoway_trunks',
    'pool_inbound_trunks',
    'pool_outbound_trunks',
    'pool_twoway_trunks',
    'call_restrictions',
    'allow_prepay',
    'enabled_sections',
  ],
  company: ['name', 'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phone'],
  user: ['first_name', 'last_name', 'email', 'department', 'title', 'role', 'permissions', 'account_scope'],
  profile: ['first_name', 'last_name', 'department', 'employee_number', 'locale', 'default_app'],
  contact: [
    'first_name',
    'last_name',
    'company',
    'email',
    'phone',
    'address1',
    'address2',
    'city',
    'state',
    'postcode',
    'country',
    'email_types',
    'permissions',
  ],
  support_contacts: ['support_contacts'],
  ledger: ['balance_cents'],
  webhook: ['url', 'events', 'include_descendants', 'status'],
  api_token: ['name', 'scopes'],
} as const;

export type AuditedRecord = keyof typeof AUDITED_FIELDS;

/** A value as the log keeps it: lists sorted (they are sets), nothing empty but null. */
export type ChangeValue = string | number | boolean | string[] | null;

/** One field that changed; `field` is `name`, or `name.part` for one entry of an object (a call restriction). */
export interface Change {
  field: string;
  before: ChangeValue;
  after: ChangeValue;
}

const ALLOWED = new Set<string>(Object.values(AUDITED_FIELDS).flat());

/** Whether a change's field is one the log may keep (the writer drops any other). */
export function isAuditedField(field: string): boolean {
  return ALLOWED.has(field.split('.')[0]);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function valueOf(value: unknown): ChangeValue {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map(String).sort();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/**
 * The allow-listed fields of `kind` that differ between the row before and the input after. A field
 * absent from `after` was not part of the change; an object (call restrictions) is compared entry
 * by entry. `before` null: the record is new (every value given is a change from nothing).
 */
export function changesOf(kind: AuditedRecord, before: object | null | undefined, after: object): Change[] {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changes: Change[] = [];
  const compare = (field: string, from: unknown, to: unknown) => {
    const change = { field, before: valueOf(from), after: valueOf(to) };
    if (JSON.stringify(change.before) !== JSON.stringify(change.after)) changes.push(change);
  };
  for (const field of AUDITED_FIELDS[kind]) {
    if (now[field] === undefined) continue;
    const from = was[field];
    const to = now[field];
    if (isObject(from) || isObject(to)) {
      const a = isObject(from) ? from : {};
      const b = isObject(to) ? to : {};
      for (const part of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        compare(`${field}.${part}`, a[part], b[part]);
    } else compare(field, from, to);
  }
  return changes;
}
