import { parseAccountSettings, settingsFormOf } from '../../src/forms/manager/account-settings';
import { MAX_ENTRY_CENTS, parseCreditEntry } from '../../src/forms/manager/credit-entry';
import { parseManagedUser } from '../../src/forms/manager/managed-user';
import type { AccountSettingsRow } from '../../src/models/accounts';
import { sectionsOffered } from '../../src/domain/account-kinds';
import { accountSettingsBody } from '../helpers/factories';

const OFFERED = ['tickets', 'telephony', 'support_contacts', 'users'] as const;

describe('the account settings form', () => {
  it('reads a customer’s trunks, restrictions, prepay and sections (in the offered order)', () => {
    const form = parseAccountSettings(
      accountSettingsBody({ name: '  ABC SA ', allow_prepay: '1', sections: ['users', 'tickets'] }),
      { pool: false, offered: OFFERED },
    );
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    expect(form.data).toMatchObject({
      name: 'ABC SA',
      timezone: 'America/Mexico_City',
      locale: 'es',
      trunks: { inbound: 5, outbound: 5, twoway: 2 },
      pool: { inbound: 0, outbound: 0, twoway: 0 },
      allow_prepay: true,
      sections: ['tickets', 'users'],
    });
    expect(form.data.restrictions.international).toBe('deny');
  });

  it('reads a reseller’s pool totals from the pool fields instead', () => {
    const form = parseAccountSettings(
      accountSettingsBody({ pool_inbound_trunks: '50', pool_outbound_trunks: '40', pool_twoway_trunks: '20' }),
      { pool: true, offered: OFFERED },
    );
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    expect(form.data.pool).toEqual({ inbound: 50, outbound: 40, twoway: 20 });
    expect(form.data.trunks).toEqual({ inbound: 0, outbound: 0, twoway: 0 });
  });

  it('answers every field with its own message and gives the form back as typed', () => {
    const form = parseAccountSettings(
      accountSettingsBody({
        name: '<b>',
        locale: 'fr',
        inbound_trunks: '-1',
        restrictions: { toll_us: 'maybe' },
        sections: [],
      }),
      { pool: false, offered: OFFERED },
    );
    if (form.ok) throw new Error('accepted');
    expect(form.errors).toMatchObject({
      name: 'errors.manager.account.name.invalid',
      locale: 'errors.manager.account.locale.invalid',
      inbound_trunks: 'errors.manager.restrictions.trunks.invalid',
      'restrictions[toll_us]': 'errors.manager.restrictions.restrictions.required',
      sections: 'errors.manager.permissions.sections.required',
    });
    expect(form.form.values).toMatchObject({ name: '<b>', locale: 'fr', inbound_trunks: '-1' });
    expect(form.form.restrictions).toEqual({});
  });

  it('refuses a section the parent cannot give, and ignores fields that are not its own (admin, credit)', () => {
    const outside = parseAccountSettings(accountSettingsBody({ sections: ['tickets', 'invoices'] }), {
      pool: false,
      offered: OFFERED,
    });
    expect(outside.ok ? null : outside.errors.sections).toBe('errors.manager.permissions.sections.invalid');
    const extra = parseAccountSettings(
      accountSettingsBody({ add_admin: '1', admin_email: 'no es correo', credit: '-5', realm_label: 'x' }),
      { pool: false, offered: OFFERED },
    );
    expect(extra.ok).toBe(true);
  });

  it('starts from the account as it is', () => {
    const row = {
      name: 'ABC',
      time_zone: 'America/Monterrey',
      locale: 'en',
      inbound_trunks: 3,
      outbound_trunks: 2,
      twoway_trunks: 1,
      pool_inbound_trunks: 0,
      pool_outbound_trunks: 0,
      pool_twoway_trunks: 0,
      call_restrictions: { international: 'allow' },
      allow_prepay: false,
      enabled_sections: ['tickets'],
    } as unknown as AccountSettingsRow;
    expect(settingsFormOf(row, false)).toEqual({
      values: {
        name: 'ABC',
        timezone: 'America/Monterrey',
        locale: 'en',
        inbound_trunks: '3',
        outbound_trunks: '2',
        twoway_trunks: '1',
      },
      restrictions: { international: 'allow' },
      allow_prepay: false,
      sections: ['tickets'],
    });
  });
});

describe('the credit ledger form', () => {
  it('reads an amount with up to two decimals, a direction and a note', () => {
    expect(parseCreditEntry({ amount: '1,500.5', direction: 'remove', note: ' Ajuste ' })).toEqual({
      ok: true,
      data: { direction: 'remove', amount_cents: 150050, note: 'Ajuste' },
    });
    expect(parseCreditEntry({ amount: '12,34', direction: 'add', note: 'x' })).toMatchObject({
      ok: true,
      data: { amount_cents: 1234 },
    });
  });

  it.each([
    [{ amount: '', direction: 'add', note: 'x' }, 'amount', 'errors.manager.credit.amount.required'],
    [{ amount: '-5', direction: 'add', note: 'x' }, 'amount', 'errors.manager.credit.amount.invalid'],
    [{ amount: '1.234', direction: 'add', note: 'x' }, 'amount', 'errors.manager.credit.amount.invalid'],
    [{ amount: '0.00', direction: 'add', note: 'x' }, 'amount', 'errors.manager.credit.amount.zero'],
    [
      { amount: String(MAX_ENTRY_CENTS / 100 + 1), direction: 'add', note: 'x' },
      'amount',
      'errors.manager.credit.amount.too_large',
    ],
    [{ amount: '5', direction: 'both', note: 'x' }, 'direction', 'errors.manager.credit.direction.required'],
    [{ amount: '5', direction: 'add', note: '   ' }, 'note', 'errors.manager.credit.note.required'],
    [{ amount: '5', direction: 'add', note: 'x'.repeat(301) }, 'note', 'errors.manager.credit.note.too_long'],
    [{ amount: '5', direction: 'add', note: 'a\nb' }, 'note', 'errors.manager.credit.note.invalid'],
  ])('refuses %j', (body, field, message) => {
    const form = parseCreditEntry(body);
    if (form.ok) throw new Error('accepted');
    expect(form.errors[field]).toBe(message);
    expect(form.values.amount).toBe(body.amount);
  });
});

describe('inviting someone to an account below', () => {
  it('needs a name, a last name and an address, lower-cased', () => {
    expect(parseManagedUser({ first_name: 'Ana', last_name: 'Ruiz', email: ' Ana@ABC.example ' })).toEqual({
      ok: true,
      data: { first_name: 'Ana', last_name: 'Ruiz', email: 'ana@abc.example', title: '' },
    });
    const form = parseManagedUser({ first_name: '', last_name: 'Ruiz', email: 'ana@' });
    expect(form.ok ? null : form.errors).toEqual({
      first_name: 'errors.user.first_name.required',
      email: 'errors.user.email.invalid',
    });
  });
});

describe('the sections a parent may enable', () => {
  it('are any for the platform, and only its own for a reseller', () => {
    expect(sectionsOffered({ kind: 'platform', enabled_sections: [] })).toHaveLength(9);
    expect(sectionsOffered({ kind: 'reseller', enabled_sections: ['users', 'tickets'] })).toEqual(['tickets', 'users']);
  });
});
