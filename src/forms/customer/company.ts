import { z } from 'zod';
import { COUNTRY_CODES } from '../../countries';
import { parseForm } from '../form';
import { textField } from '../fields';

export const COMPANY_FIELDS = ['name', 'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phone'] as const;

const schema = z.object({
  name: textField('company', 'name', { required: true, max: 120 }),
  address1: textField('company', 'address1', { required: true, max: 200 }),
  address2: textField('company', 'address2', { required: false, max: 200 }),
  city: textField('company', 'city', { required: true, max: 100 }),
  state: textField('company', 'state', { required: true, max: 100 }),
  postcode: textField('company', 'postcode', { required: true, max: 20 }).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/, 'errors.company.postcode.invalid')),
  country: z.string({ error: 'errors.company.country.required' }).refine((c) => COUNTRY_CODES.includes(c), 'errors.company.country.required'),
  phone: textField('company', 'phone', { required: false, max: 40 }).pipe(z.string().regex(/^(\+?[0-9][0-9 ()./-]{5,38})?$/, 'errors.company.phone.invalid')),
});

/** Perfil de la empresa: name and address. */
export function parseCompany(body: unknown) {
  return parseForm(schema, body, COMPANY_FIELDS);
}
