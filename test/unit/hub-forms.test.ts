import { accountNumberRefusal, parseAccountNumberChange } from '../../src/forms/hub/account-number';
import { parseResendInvitation, resendRefusal } from '../../src/forms/hub/resend-invitation';
import {
  editUserRefusal,
  editUserValues,
  newUserRefusal,
  newUserValues,
  parseEditUser,
  parseNewUser,
} from '../../src/forms/hub/user';
import { GRANTABLE, grantableBy } from '../../src/domain/permissions';
import type { Section } from '../../src/domain/permissions';

const newUser = (overrides: Record<string, unknown> = {}) => ({
  first_name: ' Nora ',
  last_name: 'Vega',
  email: ' Nora.Vega@Example.test ',
  title: 'Compras',
  role: 'member',
  permissions: ['invoices', 'services'],
  account_number: '100200300, 100200301 100200300',
  ...overrides,
});

describe('parseNewUser (Agregar usuario nuevo)', () => {
  it('trims, lower-cases the address, and splits the account numbers without repeats', () => {
    const form = parseNewUser(newUser(), GRANTABLE);
    expect(form).toEqual({
      ok: true,
      data: {
        first_name: 'Nora',
        last_name: 'Vega',
        email: 'nora.vega@example.test',
        title: 'Compras',
        role: 'member',
        permissions: ['invoices', 'services'],
        account_number: ['100200300', '100200301'],
      },
    });
  });

  it('takes one ticked permission as a string, and none at all', () => {
    const one = parseNewUser(newUser({ permissions: 'tickets' }), GRANTABLE);
    expect(one.ok && one.data.permissions).toEqual(['tickets']);
    const none = parseNewUser(newUser({ permissions: undefined, title: undefined }), GRANTABLE);
    expect(none.ok && none.data).toMatchObject({ permissions: [], title: '' });
  });

  it('answers an error per field, with what was typed and ticked to show again', () => {
    const form = parseNewUser(
      newUser({ last_name: '', email: 'no-es-correo', role: 'owner', account_number: '12', permissions: ['tickets'] }),
      GRANTABLE,
    );
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toEqual({
      last_name: 'errors.user.last_name.required',
      email: 'errors.user.email.invalid',
      role: 'errors.user.role.invalid',
      account_number: 'errors.user.account_number.format',
    });
    expect(form.values).toMatchObject({ first_name: ' Nora ', email: 'no-es-correo', account_number: '12' });
    expect(form.permissions).toEqual(['tickets']);
  });

  it('refuses managing users and unknown sections as permissions', () => {
    for (const permissions of [['users'], ['tickets', 'nope']]) {
      const form = parseNewUser(newUser({ permissions }), GRANTABLE);
      expect(!form.ok && form.errors.permissions).toBe('errors.user.permissions.invalid');
    }
  });

  it('refuses a section the manager does not hold, showing the cleaned values', () => {
    const form = parseNewUser(newUser(), ['services', 'tickets']);
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toEqual({ permissions: 'errors.user.permissions.invalid' });
    expect(form.values).toMatchObject({ email: 'nora.vega@example.test', account_number: '100200300, 100200301' });
    expect(form.permissions).toEqual(['invoices', 'services']);
  });

  it('keeps a control character out of a name', () => {
    const form = parseNewUser(newUser({ first_name: 'Nora\r\nBcc: x@y.test' }), GRANTABLE);
    expect(!form.ok && form.errors.first_name).toBe('errors.user.first_name.invalid');
  });
});

describe('grantableBy', () => {
  it('offers only the grantable sections the manager holds, never user management', () => {
    const sections = new Set<Section>(['tickets', 'users', 'invoices']);
    expect(grantableBy({ sections })).toEqual(['invoices', 'tickets']);
  });
});

describe('newUserValues and newUserRefusal', () => {
  it('shows the parsed values again and puts each refusal beside its field', () => {
    const form = parseNewUser(newUser(), GRANTABLE);
    if (!form.ok) throw new Error('expected valid');
    expect(newUserValues(form.data)).toEqual({
      first_name: 'Nora',
      last_name: 'Vega',
      email: 'nora.vega@example.test',
      title: 'Compras',
      role: 'member',
      account_number: '100200300, 100200301',
    });
    expect(newUserRefusal({ error: 'already_invited' })).toEqual({ email: 'errors.user.email.already_invited' });
    expect(newUserRefusal({ error: 'unknown_numbers', numbers: ['1234567', '7654321'] })).toEqual({
      account_number: { key: 'errors.user.account_number.unknown', params: { numbers: '1234567, 7654321' } },
    });
  });
});

describe('parseEditUser (Editar detalles)', () => {
  const details = { first_name: 'Mario', last_name: 'Soto', email: 'Mario@Example.test', department: ' Ventas ' };

  it('leaves the role out when the form has no role field', () => {
    const form = parseEditUser(details);
    expect(form).toEqual({
      ok: true,
      data: {
        first_name: 'Mario',
        last_name: 'Soto',
        email: 'mario@example.test',
        department: 'Ventas',
        title: '',
        permissions: [],
      },
    });
    if (!form.ok) return;
    expect(editUserValues(form.data, 'owner')).toMatchObject({ role: 'owner', department: 'Ventas' });
  });

  it('refuses the owner role and a missing name', () => {
    const form = parseEditUser({ ...details, first_name: '  ', role: 'owner', permissions: ['tickets'] });
    expect(!form.ok && form.errors).toEqual({
      first_name: 'errors.user.first_name.required',
      role: 'errors.user.role.invalid',
    });
    expect(!form.ok && form.permissions).toEqual(['tickets']);
  });

  it('names the address problem the service found', () => {
    expect(editUserRefusal('shared')).toEqual({ email: 'errors.user.email.shared' });
    expect(editUserRefusal('taken')).toEqual({ email: 'errors.user.email.taken' });
  });
});

describe('parseResendInvitation', () => {
  it('resends to the address on file when the ⋯ menu sends none, else to the corrected one', () => {
    expect(parseResendInvitation({}, 'ines@example.test')).toEqual({ ok: true, data: { email: 'ines@example.test' } });
    expect(parseResendInvitation(undefined, 'ines@example.test').ok).toBe(true);
    expect(parseResendInvitation({ email: ' Ines.Rey@Example.test ' }, 'ines@example.test')).toEqual({
      ok: true,
      data: { email: 'ines.rey@example.test' },
    });
  });

  it('refuses an empty or invalid correction, keeping it', () => {
    expect(parseResendInvitation({ email: '' }, 'ines@example.test')).toEqual({
      ok: false,
      values: { email: '' },
      errors: { email: 'errors.resend.email.required' },
    });
    const bad = parseResendInvitation({ email: 'ines@' }, 'ines@example.test');
    expect(!bad.ok && bad.values).toEqual({ email: 'ines@' });
    expect(resendRefusal('send_failed')).toEqual({ email: 'errors.resend.email.send_failed' });
  });
});

describe('parseAccountNumberChange (Editar cuentas asignadas)', () => {
  it('opens every number with scope=all, whatever else was sent', () => {
    expect(parseAccountNumberChange({ scope: 'all', account_number: 'x' })).toEqual({
      ok: true,
      data: { scope: 'all' },
    });
  });

  it('adds one number of 6 to 15 digits', () => {
    expect(parseAccountNumberChange({ account_number: ' 100200300 ' })).toEqual({
      ok: true,
      data: { scope: 'assigned', account_number: '100200300' },
    });
    for (const [typed, rule] of [
      ['', 'required'],
      [undefined, 'required'],
      ['12345', 'format'],
      ['1234567890123456', 'format'],
      ['10020030a', 'format'],
    ] as const) {
      const form = parseAccountNumberChange({ account_number: typed });
      expect(!form.ok && form.errors).toEqual({ account_number: `errors.account_numbers.account_number.${rule}` });
    }
  });

  it('says the same of an unknown number and another account’s', () => {
    expect(accountNumberRefusal('unknown', '100200300')).toEqual({
      account_number: { key: 'errors.account_numbers.account_number.unknown', params: { number: '100200300' } },
    });
    expect(accountNumberRefusal('already', '100200300')).toEqual({
      account_number: 'errors.account_numbers.account_number.already',
    });
  });
});
