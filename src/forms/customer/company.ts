import { z } from 'zod';
import { parseForm } from '../form';
import { countryField, phoneField, postcodeField, textField } from '../fields';

export const COMPANY_FIELDS = [
  'name',
  'address1',
  'address2',
  'city',
  'state',
  'postcode',
  'country',
  'phone',
] as const;

const schema = z.object({
  name: textField('company', 'name', { required: true, max: 120 }),
  address1: textField('company', 'address1', { required: true, max: 200 }),
  address2: textField('company', 'address2', { required: false, max: 200 }),
  city: textField('company', 'city', { required: true, max: 100 }),
  state: textField('company', 'state', { required: true, max: 100 }),
  postcode: postcodeField('company'),
  country: countryField('company'),
  phone: phoneField('company', { required: false }),
});

export type CompanyInput = z.infer<typeof schema>;

/** Perfil de la empresa: name and address. */
export function parseCompany(body: unknown) {
  return parseForm(schema, body, COMPANY_FIELDS);
}
