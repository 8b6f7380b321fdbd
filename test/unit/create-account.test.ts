import { userActor } from '../../src/domain/actor';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createCustomerOf, createMember, createReseller, createPlatformStaff } from '../helpers/factories';
import type { MemberUser } from '../../src/current-user';
import { createDb } from '../../src/db/knex';
import { findParentAccount } from '../../src/models/accounts';
import { createManagedAccount, type NewAccountInput } from '../../src/services/accounts/create-account';
import { verifySecret } from '../../src/services/passwords';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** The signed-in partner (or platform admin) as the app would load them. */
async function asMember(userId: number, accountId: number): Promise<MemberUser> {
  const user = await t.db('users').where({ id: userId }).first();
  const membership = await t.db('memberships').where({ user_id: userId, account_id: accountId }).first();
  const account = await t.db('accounts').where({ id: accountId }).first();
  return {
    id: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: membership.id, role: membership.role, permissions: [], accountScope: 'all', defaultApp: null },
    account: { id: account.id, kind: account.kind, name: account.name, realm: account.realm },
    sections: new Set(),
    activeMemberships: 1,
  };
}

function input(name: string, overrides: Partial<NewAccountInput> = {}): NewAccountInput {
  return {
    account: { name, timezone: 'America/Monterrey', locale: 'es', realm_label: null, admin: null },
    adminPasswordHash: null,
    restrictions: {
      trunks: { inbound: 2, outbound: 1, twoway: 0 },
      pool: { inbound: 0, outbound: 0, twoway: 0 },
      restrictions: {
        tollfree_us: 'allow',
        toll_us: 'deny',
        emergency: 'allow',
        caribbean: 'deny',
        did_us: 'allow',
        international: 'deny',
        unknown: 'deny',
      },
      credit_cents: 150000,
      allow_prepay: true,
    },
    support: { partners: [], emails: ['ti@cliente.test'] },
    sections: ['tickets', 'services'],
    ...overrides,
  };
}

const admin = (email: string, mode: 'generated' | 'typed' | 'invite', password = '') => ({
  first_name: 'Ana',
  last_name: 'Ruiz',
  email,
  phone: '+52 55 1234 5678',
  password_mode: mode,
  password,
});

describe('creating an account below a reseller', () => {
  it('writes the account, its trunks, restrictions, first credit, sections, support contacts, owner, audit and mail', async () => {
    const r = await createReseller(t.db);
    const partner = await asMember(r.partner.id, r.resellerId);
    const parent = await findParentAccount(t.db, r.resellerId);
    const result = await createManagedAccount(
      t.deps,
      userActor(partner.id),
      parent,
      input('ABC Company', {
        account: {
          ...input('').account,
          name: 'ABC Company',
          admin: admin('ana@abc.test', 'typed', 'una frase larga de ana'),
        },
        support: { partners: [partner.id], emails: ['ti@cliente.test'] },
      }),
      { ip: '10.0.0.1' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.generatedPassword).toBeNull();

    const account = await t.db('accounts').where({ id: result.accountId }).first();
    expect(account).toMatchObject({
      kind: 'customer',
      parent_id: r.resellerId,
      name: 'ABC Company',
      status: 'active',
      time_zone: 'America/Monterrey',
      inbound_trunks: 2,
      outbound_trunks: 1,
      allow_prepay: true,
      enabled_sections: ['tickets', 'services'],
      created_by_user_id: partner.id,
    });
    expect(account.realm).toBe(`${account.realm.slice(0, 7)}.${parent.realm}`);
    expect(account.realm).toMatch(/^[a-z0-9]{7}\./);
    expect(account.call_restrictions.toll_us).toBe('deny');
    expect(
      await t.db('credit_entries').where({ account_id: account.id }).select('amount_cents', 'note', 'actor_user_id'),
    ).toEqual([{ amount_cents: 150000, note: 'Crédito inicial', actor_user_id: partner.id }]);
    const support = await t.db('support_contacts').where({ account_id: account.id }).orderBy('id');
    expect(
      support.map((s: { partner_user_id: number | null; email: string | null }) => s.partner_user_id ?? s.email),
    ).toEqual([partner.id, 'ti@cliente.test']);

    const owner = await t.db('users').where({ email: 'ana@abc.test' }).first();
    expect(await verifySecret('una frase larga de ana', owner.password_hash)).toBe(true);
    const membership = await t.db('memberships').where({ user_id: owner.id, account_id: account.id }).first();
    expect(membership.role).toBe('owner');
    expect(membership.accepted_at).not.toBeNull();
    expect(await t.db('contacts').where({ account_id: account.id, user_id: owner.id }).first('phone')).toEqual({
      phone: '+52 55 1234 5678',
    });

    const events = await t.db('audit_events').where({ target_type: 'account', target_id: account.id }).orderBy('id');
    expect(events.map((e: { account_id: number; action: string }) => [e.account_id, e.action])).toEqual([
      [account.id, 'account.created'],
      [r.resellerId, 'account.child_created'],
    ]);
    const mail = await t.db('mail_outbox').where({ account_id: account.id }).first();
    expect(mail).toMatchObject({ template: 'account_ready', to_addresses: ['ana@abc.test'] });
    expect(mail.text_body).toContain('ABC Company');
    expect(mail.text_body).not.toContain('una frase larga de ana');
    // The pages call her «Propietario»: the mail says the same.
    expect(mail.text_body).toContain('te dio acceso como propietario de la cuenta');
    expect(mail.text_body).not.toContain('administrador');
  });

  it('shows a generated password once (never stored in clear) and invites instead of setting a password', async () => {
    const r = await createReseller(t.db);
    const partner = await asMember(r.partner.id, r.resellerId);
    const parent = await findParentAccount(t.db, r.resellerId);
    const generated = await createManagedAccount(t.deps, userActor(partner.id), parent, {
      ...input('Generada'),
      account: { ...input('').account, name: 'Generada', admin: admin('gen@abc.test', 'generated') },
    });
    if (!generated.ok || !generated.generatedPassword) throw new Error(JSON.stringify(generated));
    const user = await t.db('users').where({ email: 'gen@abc.test' }).first();
    expect(await verifySecret(generated.generatedPassword, user.password_hash)).toBe(true);

    const existing = await createMember(t.db, { email: 'consultor@abc.test' });
    const invited = await createManagedAccount(t.deps, userActor(partner.id), parent, {
      ...input('Invitada'),
      account: { ...input('').account, name: 'Invitada', admin: admin(existing.email, 'invite') },
    });
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    const membership = await t.db('memberships').where({ user_id: existing.id, account_id: invited.accountId }).first();
    expect(membership).toMatchObject({ role: 'owner', accepted_at: null });
    expect(await t.db('invitations').where({ membership_id: membership.id }).count('* as n').first()).toEqual({ n: 1 });
    const mail = await t.db('mail_outbox').where({ account_id: invited.accountId }).first();
    expect(mail).toMatchObject({ template: 'invitation_existing', to_addresses: [existing.email] });

    // Someone with a login already is never given a password by a partner.
    const refused = await createManagedAccount(t.deps, userActor(partner.id), parent, {
      ...input('Otra'),
      account: { ...input('').account, name: 'Otra', admin: admin(existing.email, 'typed', 'una frase larga más') },
    });
    expect(refused).toEqual({
      ok: false,
      step: 'account',
      errors: { 'admin.email': 'errors.manager.account.admin_email.has_login' },
    });
  });

  it('refuses more trunks than the pool has left, with the figure available, and a name already used', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 5, outbound: 5, twoway: 5 } });
    await createCustomerOf(t.db, r.resellerId, { name: 'Primera', trunks: { inbound: 4, outbound: 0, twoway: 0 } });
    const partner = await asMember(r.partner.id, r.resellerId);
    const parent = await findParentAccount(t.db, r.resellerId);
    const over = await createManagedAccount(t.deps, userActor(partner.id), parent, input('Segunda'));
    expect(over).toEqual({
      ok: false,
      step: 'restrictions',
      errors: { 'trunks.inbound': { key: 'errors.manager.restrictions.trunks.over_pool', params: { n: '1' } } },
      available: { inbound: 1, outbound: 5, twoway: 5 },
    });
    expect(
      await createManagedAccount(
        t.deps,
        userActor(partner.id),
        parent,
        input('primera', {
          restrictions: { ...input('').restrictions, trunks: { inbound: 0, outbound: 0, twoway: 0 } },
        }),
      ),
    ).toEqual({
      ok: false,
      step: 'account',
      errors: { name: 'errors.manager.account.name.taken' },
    });
    expect(await t.db('accounts').where({ parent_id: r.resellerId }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('locks the reseller’s row only for an account that takes trunks from its pool', async () => {
    const r = await createReseller(t.db);
    const partner = await asMember(r.partner.id, r.resellerId);
    const parent = await findParentAccount(t.db, r.resellerId);
    const noTrunks = { ...input('').restrictions, trunks: { inbound: 0, outbound: 0, twoway: 0 } };
    // The service on connections that give up on a row lock at once (55P03) instead of waiting for it.
    const url = new URL(t.database.url);
    url.searchParams.set('options', '-c lock_timeout=300');
    const impatient = { ...t.deps, db: createDb(url.toString(), { poolMax: 2 }) };
    // The lock an UPDATE of the reseller's row holds: it stops the pool's FOR UPDATE (taken by every
    // create before), not the key-share lock of the new account's foreign key.
    const holder = await t.db.transaction();
    try {
      await holder('accounts').where({ id: r.resellerId }).forNoKeyUpdate().first('id');
      const free = await createManagedAccount(
        impatient,
        userActor(partner.id),
        parent,
        input('Sin troncales', { restrictions: noTrunks }),
      );
      expect(free).toMatchObject({ ok: true });
      await expect(
        createManagedAccount(impatient, userActor(partner.id), parent, input('Con troncales')),
      ).rejects.toMatchObject({ code: '55P03' });
    } finally {
      await holder.rollback();
      await impatient.db.destroy();
    }
    expect(await t.db('accounts').where({ parent_id: r.resellerId }).pluck('name')).toEqual(['Sin troncales']);
  });

  it('draws another realm when the one drawn is taken', async () => {
    const r = await createReseller(t.db);
    const partner = await asMember(r.partner.id, r.resellerId);
    const parent = await findParentAccount(t.db, r.resellerId);
    const draws = ['aaaaaaa', 'aaaaaaa', 'bbbbbbb'];
    const drawLabel = () => draws.shift()!;
    const first = await createManagedAccount(t.deps, userActor(partner.id), parent, input('Uno'), { drawLabel });
    const second = await createManagedAccount(t.deps, userActor(partner.id), parent, input('Dos'), { drawLabel });
    if (!first.ok || !second.ok) throw new Error('not created');
    const realms = await t
      .db('accounts')
      .whereIn('id', [first.accountId, second.accountId])
      .orderBy('id')
      .pluck('realm');
    expect(realms).toEqual([`aaaaaaa.${parent.realm}`, `bbbbbbb.${parent.realm}`]);
  });
});

describe('creating a reseller from the platform', () => {
  it('gives it the realm label typed before the platform realm, its pool, and its first partner', async () => {
    const r = await createReseller(t.db);
    const staff = await createPlatformStaff(t.db, r.platformId, 'owner');
    const platformAdmin = await asMember(staff.id, r.platformId);
    const parent = await findParentAccount(t.db, r.platformId);
    const result = await createManagedAccount(t.deps, userActor(platformAdmin.id), parent, {
      ...input('Beta Redes'),
      account: {
        ...input('').account,
        name: 'Beta Redes',
        realm_label: 'beta',
        admin: admin('socia@beta.test', 'invite'),
      },
      restrictions: {
        ...input('').restrictions,
        trunks: { inbound: 0, outbound: 0, twoway: 0 },
        pool: { inbound: 40, outbound: 30, twoway: 10 },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const reseller = await t.db('accounts').where({ id: result.accountId }).first();
    expect(reseller).toMatchObject({
      kind: 'reseller',
      realm: `beta.${parent.realm}`,
      pool_inbound_trunks: 40,
      pool_outbound_trunks: 30,
      pool_twoway_trunks: 10,
      inbound_trunks: 0,
    });
    const again = await createManagedAccount(t.deps, userActor(platformAdmin.id), parent, {
      ...input('Beta Dos'),
      account: { ...input('').account, name: 'Beta Dos', realm_label: 'beta' },
      restrictions: { ...input('').restrictions, trunks: { inbound: 0, outbound: 0, twoway: 0 } },
    });
    expect(again).toEqual({
      ok: false,
      step: 'account',
      errors: { realm_label: 'errors.manager.account.realm_label.taken' },
    });
  });
});
