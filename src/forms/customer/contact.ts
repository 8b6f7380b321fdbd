import { z } from 'zod';
import { CONTACT_CATEGORIES, contactCategories } from '../../domain/mail-categories';
import { SECTIONS } from '../../domain/permissions';
import { parseForm } from '../form';
import { checkboxes, countryField, emailField, phoneField, postcodeField, textField } from '../fields';

export const EMAIL_TYPES = CONTACT_CATEGORIES;

export const CONTACT_FIELDS = [
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
] as const;

const ECHO = [...CONTACT_FIELDS, 'password', 'access'] as const;

const schema = z.object({
  first_name: textField('contact', 'first_name', { required: true, max: 100 }).pipe(
    z.string().regex(/^[^<>]*$/, 'errors.contact.first_name.invalid'),
  ),
  last_name: textField('contact', 'last_name', { required: true, max: 100 }).pipe(
    z.string().regex(/^[^<>]*$/, 'errors.contact.last_name.invalid'),
  ),
  company: textField('contact', 'company', { required: true, max: 120 }),
  email: emailField('contact'),
  phone: phoneField('contact', { required: true }),
  address1: textField('contact', 'address1', { required: true, max: 200 }),
  address2: textField('contact', 'address2', { required: false, max: 200 }),
  city: textField('contact', 'city', { required: true, max: 100 }),
  state: textField('contact', 'state', { required: true, max: 100 }),
  postcode: postcodeField('contact'),
  country: countryField('contact'),
  email_types: checkboxes(EMAIL_TYPES, 'errors.contact.email_types.invalid'),
  subaccount: z
    .unknown()
    .optional()
    .transform((v) => v === '1' || v === 'on'),
  permissions: checkboxes(SECTIONS, 'errors.contact.permissions.invalid'),
  access: z.enum(['password', 'invitation']).optional().default('password'),
  password: z.string().optional().default(''),
});

export type ContactInput = z.infer<typeof schema>;

/** The posted checkbox groups, to tick them again on a re-rendered form. */
export function tickedLists(body: unknown): { email_types: string[]; permissions: string[]; subaccount: boolean } {
  const b = (body ?? {}) as Record<string, unknown>;
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return {
    email_types: list(b.email_types),
    permissions: list(b.permissions),
    subaccount: b.subaccount === '1' || b.subaccount === 'on',
  };
}

/** Añadir / editar contacto: every field but address 2 is required; the sub-account part is optional. */
export function parseContact(body: unknown) {
  return parseForm(schema, body, ECHO);
}

export type Ticked = ReturnType<typeof tickedLists>;

/** «Generar otra»: the same form again with a new password suggestion; nothing is saved. */
export function asksForAnotherPassword(body: unknown): boolean {
  return (body as Record<string, unknown> | undefined)?.generate !== undefined;
}

/** A blank «Añadir nuevo contacto» form: Mexico, general e-mail, no access; `password` is the suggestion. */
export function blankContact(password: string): { values: Record<string, string>; ticked: Ticked } {
  return {
    values: { country: 'MX', password, access: 'password' },
    ticked: { email_types: ['general'], permissions: [], subaccount: false },
  };
}

/** The edit form of a saved contact; `password` is the suggestion shown if access is turned on. */
export function contactFormValues(
  contact: Record<(typeof CONTACT_FIELDS)[number], string | null> & {
    email_types: string[];
    permissions: string[] | null;
    membership_id: number | null;
  },
  password: string,
): { values: Record<string, string>; ticked: Ticked } {
  const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, contact[f] ?? '']));
  return {
    values: { ...values, password, access: 'password' },
    ticked: {
      email_types: contactCategories(contact.email_types),
      permissions: contact.permissions ?? [],
      subaccount: contact.membership_id !== null,
    },
  };
}
