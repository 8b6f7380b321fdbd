import { parseContact, type ContactInput } from '../../src/forms/customer/contact';
import { createMailer } from '../../src/mail/outbox';
import { createMailTransport } from '../../src/mail/transport';
import { findContact } from '../../src/models/contacts';
import { findPartner, findSupportContact, supportContactsOf } from '../../src/models/support-contacts';
import { deleteContact, saveContact } from '../../src/services/contacts';
import { supportContactsRefusal } from '../../src/domain/support-contacts';
import { addSupportContact, changeSupportContacts, removeSupportContact } from '../../src/services/support-contacts';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createContact, createMember, memberUserFor } from '../helpers/factories';
import { closedPort } from '../helpers/smtp';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

function input(overrides: Record<string, unknown> = {}): ContactInput {
  const form = parseContact({
    first_name: 'Lucía',
    last_name: 'Herrera',
    company: 'ABC',
    email: `lucia.${Math.random().toString(36).slice(2, 8)}@example.test`,
    phone: '+52 55 1234 5678',
    address1: 'Av. Reforma 222',
    city: 'CDMX',
    state: 'CDMX',
    postcode: '06600',
    country: 'MX',
    email_types: ['invoice'],
    ...overrides,
  });
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  return form.data;
}

async function ownerAccount() {
  const member = await createMember(t.db, { role: 'owner' });
  return { member, current: memberUserFor(member) };
}

const auditOf = (accountId: number) =>
  t.db('audit_events').where({ account_id: accountId }).orderBy('id').pluck('action') as Promise<string[]>;

describe('saveContact', () => {
  it('adds a contact, authorized when the owner adds it, with its audit event', async () => {
    const { member, current } = await ownerAccount();
    const result = await saveContact(t.deps, current, null, input(), '127.0.0.1');
    expect(result).toMatchObject({ ok: true, invitation: null });
    if (!result.ok) return;
    const saved = await findContact(t.db, member.accountId, result.contactId);
    expect(saved).toMatchObject({ authorization_status: 'authorized', user_id: null, email_types: ['invoice'] });
    expect(await auditOf(member.accountId)).toEqual(['contact.created']);
  });

  it('leaves a contact added by a member for the helpdesk to validate, and ignores the sub-account part', async () => {
    const { member: owner } = await ownerAccount();
    const member = await createMember(t.db, { role: 'member', permissions: ['contacts'], accountId: owner.accountId });
    const current = memberUserFor(member, { role: 'member', permissions: ['contacts'] });
    const result = await saveContact(
      t.deps,
      current,
      null,
      input({ subaccount: '1', permissions: ['invoices'], password: 'una contraseña bastante larga' }),
      undefined,
    );
    if (!result.ok) throw new Error('refused');
    expect(await findContact(t.db, owner.accountId, result.contactId)).toMatchObject({
      authorization_status: 'unverified',
      user_id: null,
      membership_id: null,
    });
  });

  it('refuses an e-mail another contact of the account has, and writes nothing', async () => {
    const { member, current } = await ownerAccount();
    await createContact(t.db, member.accountId, { email: 'repetido@example.test' });
    expect(await saveContact(t.deps, current, null, input({ email: 'repetido@example.test' }), undefined)).toEqual({
      ok: false,
      errors: { email: 'errors.contact.email.taken' },
    });
    expect(await auditOf(member.accountId)).toEqual([]);
  });

  it('turns a sub-account on with a password, changes its permissions, and turns it off', async () => {
    const { member, current } = await ownerAccount();
    const on = await saveContact(
      t.deps,
      current,
      null,
      input({ subaccount: '1', permissions: ['services', 'users'], password: 'una contraseña bastante larga' }),
      undefined,
    );
    if (!on.ok) throw new Error(JSON.stringify(on.errors));
    const sub = (await findContact(t.db, member.accountId, on.contactId))!;
    // `users` is never granted to a sub-account.
    expect(sub).toMatchObject({ role: 'member', permissions: ['services'] });
    expect(sub.accepted_at).not.toBeNull();

    const email = sub.email;
    const changed = await saveContact(
      t.deps,
      current,
      sub,
      input({ email: 'ignorado@example.test', subaccount: '1', permissions: ['invoices'] }),
      undefined,
    );
    expect(changed.ok).toBe(true);
    const afterChange = (await findContact(t.db, member.accountId, on.contactId))!;
    // A linked contact's e-mail is their sign-in ID: it does not change here.
    expect(afterChange).toMatchObject({ email, permissions: ['invoices'] });

    await saveContact(t.deps, current, afterChange, input({ email }), undefined);
    const off = (await findContact(t.db, member.accountId, on.contactId))!;
    expect(off).toMatchObject({ user_id: null, membership_id: null });
    expect(await t.db('users').where({ email }).first()).toBeDefined();
    expect(await auditOf(member.accountId)).toEqual([
      'contact.created',
      'contact.subaccount_enabled',
      'contact.updated',
      'contact.subaccount_permissions',
      'contact.updated',
      'contact.subaccount_disabled',
    ]);
  });

  it('checks the password before writing anything; someone with a login elsewhere is invited, saying nothing of it', async () => {
    const { member, current } = await ownerAccount();
    const weak = await saveContact(t.deps, current, null, input({ subaccount: '1', password: 'corta' }), undefined);
    expect(weak).toEqual({ ok: false, errors: { password: 'errors.password.password.too_short' } });
    const someone = await createMember(t.db, { role: 'owner' });
    const existing = await saveContact(
      t.deps,
      current,
      null,
      input({ email: someone.email, subaccount: '1', password: 'una contraseña bastante larga' }),
      undefined,
    );
    expect(existing).toMatchObject({ ok: true, invitation: null });
    expect(
      await t.db('memberships').where({ user_id: someone.id, account_id: member.accountId }).first(),
    ).toMatchObject({ accepted_at: null });
    const colleague = await createMember(t.db, { role: 'member', accountId: member.accountId });
    const already = await saveContact(
      t.deps,
      current,
      null,
      input({ email: colleague.email, subaccount: '1', access: 'invitation' }),
      undefined,
    );
    expect(already).toEqual({ ok: false, errors: { email: 'errors.user.email.already_member' } });
    // Only the quiet invitation was written; the refusals wrote nothing.
    expect(await auditOf(member.accountId)).toEqual(['contact.created', 'user.invited', 'contact.subaccount_enabled']);
  });

  it('invites instead, sends the invitation at once, and says when the mail server could not take it', async () => {
    const { member, current } = await ownerAccount();
    const transport = createMailTransport(`smtp://127.0.0.1:${await closedPort()}`, 1500);
    const mailer = createMailer({ db: t.db, transport, from: 'Cuentas <no-reply@cuentas.test>', messageIdDomain: 'x' });
    try {
      const fields = input({ subaccount: '1', permissions: ['tickets'], access: 'invitation' });
      const result = await saveContact({ ...t.deps, mailer }, current, null, fields, undefined);
      expect(result).toMatchObject({ ok: true, invitation: 'deferred' });
      const mail = await t
        .db('mail_outbox')
        .where({ template: 'invitation' })
        .whereRaw('? = ANY(to_addresses)', [fields.email])
        .first();
      expect(mail.status).toBe('pending');
      if (!result.ok) return;
      expect(await findContact(t.db, member.accountId, result.contactId)).toMatchObject({
        role: 'member',
        permissions: ['tickets'],
        accepted_at: null,
      });
    } finally {
      transport.close();
    }
    const sent = await saveContact(t.deps, current, null, input({ subaccount: '1', access: 'invitation' }), undefined);
    expect(sent).toMatchObject({ ok: true, invitation: 'sent' });
  });
});

describe('deleteContact', () => {
  it("deletes the contact and ends a sub-account's access, with the audit event", async () => {
    const { member, current } = await ownerAccount();
    const sub = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId: member.accountId });
    const id = await createContact(t.db, member.accountId, { userId: sub.id, email: sub.email });
    await deleteContact(t.deps, current, (await findContact(t.db, member.accountId, id))!, undefined);
    expect(await findContact(t.db, member.accountId, id)).toBeUndefined();
    expect(await t.db('memberships').where({ id: sub.membershipId }).first()).toBeUndefined();
    const event = await t.db('audit_events').where({ account_id: member.accountId, action: 'contact.deleted' }).first();
    expect(event).toMatchObject({ target_id: id, metadata: { email: sub.email, had_access: true } });
  });
});

describe('support contacts', () => {
  async function partnerAccount() {
    const reseller = await createAccount(t.db, { kind: 'reseller' });
    const partner = await createMember(t.db, { role: 'owner', accountId: reseller });
    const accountId = await createAccount(t.db, { parentId: reseller });
    const admin = await createMember(t.db, { role: 'admin', accountId });
    return { reseller, partner, accountId, current: memberUserFor(admin, { role: 'admin' }) };
  }

  it('finds exactly a partner of the account’s reseller, active, and no one else', async () => {
    const a = await partnerAccount();
    const blocked = await createMember(t.db, { role: 'member', accountId: a.reseller });
    await t.db('memberships').where({ id: blocked.membershipId }).update({ blocked_at: t.db.fn.now() });
    const stranger = await createMember(t.db, {
      role: 'owner',
      accountId: await createAccount(t.db, { kind: 'reseller' }),
    });
    expect(await findPartner(t.db, a.accountId, a.partner.id)).toMatchObject({
      id: a.partner.id,
      email: a.partner.email,
    });
    expect(await findPartner(t.db, a.accountId, blocked.id)).toBeUndefined();
    expect(await findPartner(t.db, a.accountId, stranger.id)).toBeUndefined();
    expect(await findPartner(t.db, a.accountId, 0)).toBeUndefined();
  });

  it('adds a partner and an address once each, removes one, and audits every change (a repeat changes nothing)', async () => {
    const a = await partnerAccount();
    const partner = (await findPartner(t.db, a.accountId, a.partner.id))!;
    await addSupportContact(t.deps, a.current, { partner }, undefined);
    await addSupportContact(t.deps, a.current, { partner }, undefined);
    await addSupportContact(t.deps, a.current, { email: 'ti@cliente.test' }, undefined);
    await addSupportContact(t.deps, a.current, { email: 'ti@cliente.test' }, undefined);
    const list = await supportContactsOf(t.db, a.accountId);
    expect(list.map((c) => c.email)).toEqual([a.partner.email, 'ti@cliente.test']);
    await removeSupportContact(t.deps, a.current, list[1], undefined);
    expect(await findSupportContact(t.db, a.accountId, list[1].id)).toBeUndefined();
    expect(await findSupportContact(t.db, a.accountId + 1, list[0].id)).toBeUndefined();
    expect(await auditOf(a.accountId)).toEqual([
      'support_contact.added',
      'support_contact.added',
      'support_contact.removed',
    ]);
  });

  it('holds the account’s rule in one place: twenty at most, never the last one, each change counted once at a time', async () => {
    expect([0, 1, 20, 21].map((n) => supportContactsRefusal(n))).toEqual(['required', null, null, 'too_many']);
    expect(supportContactsRefusal(0, 1)).toBe('last');
    expect(supportContactsRefusal(22, 23)).toBeNull();
    const a = await partnerAccount();
    const emails = Array.from({ length: 19 }, (_, i) => ({ email: `c${i}@cliente.test` }));
    expect(await changeSupportContacts(t.deps, a.accountId, { add: emails })).toMatchObject({ ok: true });
    // Two «Agregar» at once for the 20th: the account is locked, so the second counts the first.
    const both = await Promise.all(
      ['x@cliente.test', 'y@cliente.test'].map((email) =>
        t.db.transaction((trx) => changeSupportContacts({ ...t.deps, db: trx }, a.accountId, { add: [{ email }] })),
      ),
    );
    expect(both.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(both.find((r) => !r.ok)).toEqual({
      ok: false,
      errors: { support_contacts: { key: 'errors.support_contacts.count.too_many', params: { max: '20' } } },
    });
    expect(await supportContactsOf(t.db, a.accountId)).toHaveLength(20);
    const all = await supportContactsOf(t.db, a.accountId);
    expect(await changeSupportContacts(t.deps, a.accountId, { remove: all })).toMatchObject({ ok: false });
    expect(
      await changeSupportContacts(t.deps, a.accountId, { set: { partners: [], emails: ['solo@cliente.test'] } }),
    ).toMatchObject({ ok: true, added: ['solo@cliente.test'] });
    expect((await supportContactsOf(t.db, a.accountId)).map((c) => c.email)).toEqual(['solo@cliente.test']);
  });
});
