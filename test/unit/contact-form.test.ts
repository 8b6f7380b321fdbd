import {
  asksForAnotherPassword,
  blankContact,
  contactFormValues,
  parseContact,
  tickedLists,
} from '../../src/forms/customer/contact';
import { parseSupportContact, parseSupportSearch } from '../../src/forms/customer/support-contact';

const valid = (overrides: Record<string, unknown> = {}) => ({
  first_name: '  Lucía ',
  last_name: 'Herrera',
  company: 'ABC Company',
  email: ' Lucia@Example.TEST ',
  phone: '+52 55 1234 5678',
  address1: 'Av. Reforma 222',
  city: 'Ciudad de México',
  state: 'CDMX',
  postcode: '06600',
  country: 'MX',
  ...overrides,
});

describe('the contact form object', () => {
  it('trims, lower-cases the e-mail, and gives the optional parts their defaults', () => {
    const form = parseContact(valid({ email_types: ['invoice', 'invoice', 'support'] }));
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(form.data).toMatchObject({
      first_name: 'Lucía',
      email: 'lucia@example.test',
      address2: '',
      email_types: ['invoice', 'support'],
      subaccount: false,
      permissions: [],
      access: 'password',
      password: '',
    });
  });

  it('reads the sub-account part: the checkbox, permissions and how access is given', () => {
    const form = parseContact(
      valid({ subaccount: '1', permissions: 'tickets', access: 'invitation', email_types: 'general' }),
    );
    expect(form.ok && form.data).toMatchObject({
      subaccount: true,
      permissions: ['tickets'],
      access: 'invitation',
      email_types: ['general'],
    });
  });

  it('answers each field with a locale key and shows the typed values back, escaped later by the view', () => {
    const form = parseContact({
      ...valid({ first_name: '', country: 'XX', postcode: '#$%', email: 'sin-arroba' }),
      email_types: ['spam'],
      permissions: ['root'],
      access: 'magic',
    });
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toMatchObject({
      first_name: 'errors.contact.first_name.required',
      country: 'errors.contact.country.required',
      postcode: 'errors.contact.postcode.invalid',
      email: 'errors.contact.email.invalid',
      email_types: 'errors.contact.email_types.invalid',
      permissions: 'errors.contact.permissions.invalid',
    });
    for (const message of Object.values(form.errors)) expect(message).toMatch(/^errors\./);
    expect(form.values).toMatchObject({ email: 'sin-arroba', address1: 'Av. Reforma 222', first_name: '' });
    expect(Object.keys(form.values)).not.toContain('email_types');
  });

  it('refuses line breaks and angle brackets in names (they reach e-mail headers and pages)', () => {
    const form = parseContact(valid({ first_name: 'Lucía\r\nBcc: x@example.test', last_name: '<b>' }));
    expect(!form.ok && form.errors).toMatchObject({
      first_name: 'errors.contact.first_name.invalid',
      last_name: 'errors.contact.last_name.invalid',
    });
  });

  it('ticks again what was posted, whatever shape the checkboxes arrived in', () => {
    expect(tickedLists({ email_types: 'invoice', permissions: ['a', 1], subaccount: 'on' })).toEqual({
      email_types: ['invoice'],
      permissions: ['a'],
      subaccount: true,
    });
    expect(tickedLists(undefined)).toEqual({ email_types: [], permissions: [], subaccount: false });
  });

  it('knows «Generar otra» from «Guardar», and fills the blank and edit forms', () => {
    expect(asksForAnotherPassword({ generate: '1' })).toBe(true);
    expect(asksForAnotherPassword({})).toBe(false);
    expect(asksForAnotherPassword(undefined)).toBe(false);
    expect(blankContact('abc')).toEqual({
      values: { country: 'MX', password: 'abc', access: 'password' },
      ticked: { email_types: ['general'], permissions: [], subaccount: false },
    });
    const edit = contactFormValues(
      {
        first_name: 'Lucía',
        last_name: 'Herrera',
        company: 'ABC',
        email: 'lucia@example.test',
        phone: '',
        address1: '',
        address2: '',
        city: '',
        state: '',
        postcode: '',
        country: null,
        email_types: ['invoice'],
        permissions: ['tickets'],
        membership_id: 5,
      },
      'xyz',
    );
    expect(edit.values).toMatchObject({ first_name: 'Lucía', country: '', password: 'xyz', access: 'password' });
    expect(edit.ticked).toEqual({ email_types: ['invoice'], permissions: ['tickets'], subaccount: true });
  });
});

describe('the support contact form objects', () => {
  it('takes a partner id, or else a plain address', () => {
    expect(parseSupportContact({ partner_user_id: '42' })).toEqual({ ok: true, data: { partnerUserId: 42 } });
    expect(parseSupportContact({ partner_user_id: 'x' })).toEqual({ ok: true, data: { partnerUserId: 0 } });
    expect(parseSupportContact({ email: ' TI@Cliente.test ' })).toEqual({
      ok: true,
      data: { email: 'ti@cliente.test' },
    });
    expect(parseSupportContact({ email: 'mal@@correo' })).toEqual({
      ok: false,
      values: { email: 'mal@@correo' },
      errors: { email: 'errors.support_contacts.email.invalid' },
    });
    expect(parseSupportContact({}).ok).toBe(false);
  });

  it('reads the search box: partners from two characters, or a complete address', () => {
    expect(parseSupportSearch({ q: ' S ' })).toEqual({
      q: 'S',
      partnerQuery: false,
      typedEmail: null,
      invalidEmail: false,
    });
    expect(parseSupportSearch({ q: 'Ser' }).partnerQuery).toBe(true);
    expect(parseSupportSearch({ q: 'TI@Cliente.test' })).toMatchObject({ typedEmail: 'ti@cliente.test' });
    expect(parseSupportSearch({ q: 'no-es@valido' })).toMatchObject({ typedEmail: null, invalidEmail: true });
    expect(parseSupportSearch({ q: ['a', 'b'] }).q).toBe('');
  });
});
