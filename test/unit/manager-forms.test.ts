import { parseAccountStep } from '../../src/forms/manager/account-step';
import { parsePermissionsStep } from '../../src/forms/manager/permissions-step';
import { parseMoney, parseRestrictionsStep } from '../../src/forms/manager/restrictions-step';
import { formErrors } from '../../src/forms/manager/field-paths';
import { checkSupportContacts, parseRemoval, parseSupportEmail } from '../../src/forms/manager/support-step';
import { parseWizardPost } from '../../src/forms/manager/wizard';
import { randomRealmLabel, realmFor } from '../../src/domain/realm';

const ALLOW_ALL = {
  tollfree_us: 'allow',
  toll_us: 'allow',
  emergency: 'allow',
  caribbean: 'deny',
  did_us: 'allow',
  international: 'deny',
  unknown: 'deny',
};

describe('step «Cuenta»', () => {
  const base = { name: ' ABC Company ', timezone: 'America/Mexico_City', locale: 'es' };
  const options = { reseller: false, storedPassword: false };

  it('takes an account without an admin', () => {
    expect(parseAccountStep(base, options)).toEqual({
      ok: true,
      data: { name: 'ABC Company', timezone: 'America/Mexico_City', locale: 'es', realm_label: null, admin: null },
    });
  });

  it('requires a name, an IANA time zone and a language', () => {
    const form = parseAccountStep({ name: '', timezone: 'Mars/Olympus', locale: 'fr' }, options);
    expect(form).toEqual({
      ok: false,
      errors: {
        name: 'errors.manager.account.name.required',
        timezone: 'errors.manager.account.timezone.invalid',
        locale: 'errors.manager.account.locale.invalid',
      },
      facts: { name: undefined, realm_label: undefined, login_email: undefined },
    });
  });

  it('checks the admin only when one is added, and the typed password against the policy', () => {
    const admin = { add_admin: '1', admin_first_name: 'Ana', admin_last_name: 'Ruiz', admin_email: 'ANA@abc.test' };
    const typedShort = parseAccountStep(
      { ...base, ...admin, admin_password_mode: 'typed', admin_password: 'corta' },
      options,
    );
    expect(typedShort).toEqual({
      ok: false,
      errors: { admin_password: 'errors.manager.account.admin_password.too_short' },
      // What passed is still checked against the database in the same round.
      facts: { name: 'ABC Company', realm_label: undefined, login_email: 'ana@abc.test' },
    });
    const kept = parseAccountStep(
      { ...base, ...admin, admin_password_mode: 'typed', admin_password: '' },
      { ...options, storedPassword: true },
    );
    expect(kept.ok && kept.data.admin).toMatchObject({ email: 'ana@abc.test', password_mode: 'typed', password: '' });
    const missing = parseAccountStep({ ...base, add_admin: '1', admin_email: 'mal', admin_phone: 'abc' }, options);
    expect(missing.ok ? {} : missing.errors).toEqual({
      admin_first_name: 'errors.manager.account.admin_first_name.required',
      admin_last_name: 'errors.manager.account.admin_last_name.required',
      admin_email: 'errors.manager.account.admin_email.invalid',
      admin_phone: 'errors.manager.account.phone.invalid',
      admin_password_mode: 'errors.manager.account.admin_password_mode.required',
    });
  });

  it('asks a reseller for its realm label', () => {
    const reseller = { reseller: true, storedPassword: false };
    expect(parseAccountStep({ ...base, realm_label: 'Acme' }, reseller)).toMatchObject({
      ok: true,
      data: { realm_label: 'acme' },
    });
    expect(parseAccountStep({ ...base, realm_label: '-acme' }, reseller)).toEqual({
      ok: false,
      errors: { realm_label: 'errors.manager.account.realm_label.invalid' },
      facts: { name: 'ABC Company', realm_label: undefined, login_email: undefined },
    });
  });
});

describe('step «Restricciones de llamadas»', () => {
  it('reads trunks, classifiers, credit and prepay', () => {
    const form = parseRestrictionsStep(
      {
        inbound_trunks: '3',
        outbound_trunks: '2',
        twoway_trunks: '0',
        restrictions: ALLOW_ALL,
        credit: '1,500.5',
        allow_prepay: '1',
      },
      { pool: false },
    );
    expect(form).toEqual({
      ok: true,
      data: {
        trunks: { inbound: 3, outbound: 2, twoway: 0 },
        pool: { inbound: 0, outbound: 0, twoway: 0 },
        restrictions: ALLOW_ALL,
        credit_cents: 150050,
        allow_prepay: true,
      },
    });
  });

  it('refuses negative or odd figures and a classifier left unanswered', () => {
    const form = parseRestrictionsStep(
      {
        inbound_trunks: '-1',
        outbound_trunks: '2.5',
        twoway_trunks: '',
        restrictions: { ...ALLOW_ALL, caribbean: 'maybe' },
        credit: '-5',
      },
      { pool: false },
    );
    expect(form.ok ? {} : form.errors).toEqual({
      inbound_trunks: 'errors.manager.restrictions.trunks.invalid',
      outbound_trunks: 'errors.manager.restrictions.trunks.invalid',
      twoway_trunks: 'errors.manager.restrictions.trunks.invalid',
      'restrictions[caribbean]': 'errors.manager.restrictions.restrictions.required',
      credit: 'errors.manager.restrictions.credit.negative',
    });
  });

  it('reads a reseller pool from its own fields', () => {
    const form = parseRestrictionsStep(
      {
        pool_inbound_trunks: '50',
        pool_outbound_trunks: '50',
        pool_twoway_trunks: '20',
        restrictions: ALLOW_ALL,
        credit: '',
      },
      { pool: true },
    );
    expect(form.ok && form.data.pool).toEqual({ inbound: 50, outbound: 50, twoway: 20 });
    expect(form.ok && form.data.trunks).toEqual({ inbound: 0, outbound: 0, twoway: 0 });
  });

  it('parses money with at most two decimals', () => {
    expect(parseMoney('100')).toBe(10000);
    expect(parseMoney('0.5')).toBe(50);
    expect(parseMoney('1234,50')).toBe(123450);
    expect(parseMoney('1,234')).toBe(123400);
    expect(parseMoney('1.234')).toBeNull();
    expect(parseMoney('doce')).toBeNull();
  });
});

describe('steps «Contactos de soporte» and «Permisos»', () => {
  it('refuses an invalid address with the seed’s message, and an empty list', () => {
    expect(parseSupportEmail({ support_email: ' TI@Cliente.test ' })).toEqual({ ok: true, email: 'ti@cliente.test' });
    expect(parseSupportEmail({ support_email: 'mal@@correo' })).toEqual({
      ok: false,
      value: 'mal@@correo',
      errors: { support_email: 'errors.manager.support.support_email.invalid' },
    });
    expect(checkSupportContacts({ partners: [], emails: [] })).toEqual({
      contacts: { key: 'errors.support_contacts.count.required', params: { max: '20' } },
    });
    expect(checkSupportContacts({ partners: [1], emails: [] })).toEqual({});
    expect(parseRemoval('partner:12')).toEqual({ partner: 12 });
    expect(parseRemoval('email:a@b.test')).toEqual({ email: 'a@b.test' });
    expect(parseRemoval('x')).toBeNull();
  });

  it('takes sections among those offered, at least one', () => {
    expect(parsePermissionsStep({ sections: ['tickets', 'services'] }, ['services', 'tickets', 'users'])).toEqual({
      ok: true,
      data: { sections: ['services', 'tickets'] },
    });
    expect(parsePermissionsStep({ sections: ['users'] }, ['tickets'])).toEqual({
      ok: false,
      errors: { sections: 'errors.manager.permissions.sections.invalid' },
    });
    expect(parsePermissionsStep({}, ['tickets'])).toEqual({
      ok: false,
      errors: { sections: 'errors.manager.permissions.sections.required' },
    });
  });
});

describe('the wizard', () => {
  it('reads the button pressed and the draft', () => {
    expect(parseWizardPost({ draft: '7', step: 'support', add_partner: '3' })).toEqual({
      draftId: 7,
      step: 'support',
      move: 'add_partner',
    });
    expect(parseWizardPost({ step: 'nope', go: 'explode' })).toEqual({ draftId: null, step: 'account', move: 'next' });
  });

  it('draws realms of seven lowercase letters or digits before the parent’s realm', () => {
    const labels = Array.from({ length: 200 }, randomRealmLabel);
    for (const label of labels) expect(label).toMatch(/^[a-z0-9]{7}$/);
    expect(new Set(labels).size).toBeGreaterThan(190);
    expect(realmFor('k7m2p9x', 'acme.cuentas.example')).toBe('k7m2p9x.acme.cuentas.example');
  });
});

describe('the Accounts Manager forms name their fields from the services’ paths', () => {
  it('maps each path to the field the wizard and «Editar cuenta» show, and leaves a field name as it is', () => {
    expect(
      Object.keys(
        formErrors({
          'admin.email': 'a',
          'trunks.inbound': 'b',
          'pool.twoway': 'c',
          'restrictions.toll_us': 'd',
          initial_credit: 'e',
          support_contacts: 'f',
          name: 'g',
          admin_email: 'h',
          support_email: 'i',
        }),
      ),
    ).toEqual([
      'admin_email',
      'inbound_trunks',
      'pool_twoway_trunks',
      'restrictions[toll_us]',
      'credit',
      'contacts',
      'name',
      'support_email',
    ]);
  });
});
