import type { Change, ChangeValue } from '../domain/audit-changes';
import { formatMoney } from '../formatters';
import type { Locale } from '../i18n';
import type { Translate } from './form-builder';

/** The label of each field the activity log records (src/domain/audit-changes.ts), as a locale key. */
const FIELD_LABELS: Record<string, string> = {
  name: 'activity.fields.name',
  time_zone: 'manager.wizard.account.timezone',
  locale: 'activity.fields.locale',
  inbound_trunks: 'manager.trunks.inbound',
  outbound_trunks: 'manager.trunks.outbound',
  twoway_trunks: 'manager.trunks.twoway',
  pool_inbound_trunks: 'activity.fields.pool_inbound_trunks',
  pool_outbound_trunks: 'activity.fields.pool_outbound_trunks',
  pool_twoway_trunks: 'activity.fields.pool_twoway_trunks',
  call_restrictions: 'manager.wizard.restrictions.classifiers_legend',
  allow_prepay: 'manager.wizard.restrictions.allow_prepay',
  enabled_sections: 'activity.fields.enabled_sections',
  first_name: 'activity.fields.first_name',
  last_name: 'activity.fields.last_name',
  email: 'activity.fields.email',
  department: 'activity.fields.department',
  employee_number: 'activity.fields.employee_number',
  title: 'activity.fields.title',
  role: 'activity.fields.role',
  permissions: 'activity.fields.permissions',
  account_scope: 'activity.fields.account_scope',
  default_app: 'activity.fields.default_app',
  company: 'activity.fields.company',
  phone: 'activity.fields.phone',
  address1: 'activity.fields.address1',
  address2: 'activity.fields.address2',
  city: 'activity.fields.city',
  state: 'activity.fields.state',
  postcode: 'activity.fields.postcode',
  country: 'activity.fields.country',
  email_types: 'activity.fields.email_types',
  support_contacts: 'activity.fields.support_contacts',
  balance_cents: 'activity.fields.balance_cents',
  url: 'activity.fields.url',
  events: 'activity.fields.events',
  include_descendants: 'activity.fields.include_descendants',
  status: 'activity.fields.status',
  scopes: 'activity.fields.scopes',
};

/** The words for a field's values where the log keeps a key (a role, a section, a language…). */
const VALUE_LABELS: Record<string, (value: string) => string> = {
  role: (value) => 'roles.' + value,
  permissions: (value) => 'sections.' + value + '.label',
  enabled_sections: (value) => 'sections.' + value + '.label',
  locale: (value) => 'language.' + value,
  email_types: (value) => 'email_types.' + value,
  account_scope: (value) => 'activity.values.account_scope.' + value,
  default_app: (value) => 'nav.main.' + value,
  status: (value) => 'hub.webhooks.state.' + value,
  call_restrictions: (value) => 'manager.restrictions.' + value,
};

const EMPTY = '—';

function valueText(t: Translate, locale: Locale, field: string, value: ChangeValue): string {
  if (value === null || value === '' || (Array.isArray(value) && !value.length)) return EMPTY;
  if (typeof value === 'boolean') return t(value ? 'activity.values.yes' : 'activity.values.no');
  if (field === 'balance_cents' && typeof value === 'number') return formatMoney(locale, value);
  const label = VALUE_LABELS[field.split('.')[0]];
  const word = (v: string | number) => (label ? t(label(String(v))) : String(v));
  return Array.isArray(value) ? value.map(word).join(', ') : word(value);
}

function fieldText(t: Translate, field: string): string {
  const [name, part] = field.split('.');
  const label = FIELD_LABELS[name] ? t(FIELD_LABELS[name]) : name;
  if (!part) return label;
  return `${label} · ${name === 'call_restrictions' ? t('classifiers.' + part) : part}`;
}

/** What an event changed, one line per field: «Troncales entrantes: 50 → 60». */
export function changeLines(t: Translate, locale: Locale, changes: readonly Change[] | null | undefined): string[] {
  return (changes ?? []).map(
    (c) =>
      `${fieldText(t, c.field)}: ${valueText(t, locale, c.field, c.before)} → ${valueText(t, locale, c.field, c.after)}`,
  );
}
