import type { ContactRow } from '../../src/models/contacts';
import type { Section } from '../../src/domain/permissions';
import { grantableBy } from '../../src/domain/permissions';
import { allowedActions, contactsAccess, deleteRefusal } from '../../src/policies/contacts';
import {
  allowedActions as supportActions,
  readOnlyReason,
  supportContactsAccess,
} from '../../src/policies/support-contacts';
import { memberUserFor } from '../helpers/factories';

const ACCOUNT = 10;
const user = (id: number, values: Parameters<typeof memberUserFor>[1] = {}) =>
  memberUserFor({ id, email: `u${id}@example.test`, accountId: ACCOUNT, membershipId: id * 100 }, values);

const owner = user(1);
const admin = user(2, { role: 'admin' });
const adminWithoutUsers = user(3, { role: 'admin', enabled: ['contacts', 'tickets', 'support_contacts'] });
const contactsOnly = user(4, { role: 'member', permissions: ['contacts'] });
const ticketsOnly = user(5, { role: 'member', permissions: ['tickets'] });

function contact(values: Partial<ContactRow> = {}): ContactRow {
  return {
    id: 7,
    account_id: ACCOUNT,
    user_id: null,
    first_name: 'Lucía',
    last_name: 'Herrera',
    company: '',
    email: 'lucia@example.test',
    phone: '',
    address1: '',
    address2: '',
    city: '',
    state: '',
    postcode: '',
    country: 'MX',
    email_types: [],
    authorization_status: 'authorized',
    membership_id: null,
    role: null,
    permissions: null,
    accepted_at: null,
    blocked_at: null,
    ...values,
  };
}
const plain = contact();
const subAccount = contact({ user_id: 40, membership_id: 4000, role: 'member', permissions: ['tickets'] });
const managerContact = contact({ user_id: 2, membership_id: 200, role: 'admin' });
const ownContact = contact({ user_id: 1, membership_id: 100, role: 'owner' });

describe('contacts policy', () => {
  it('lets anyone with `contacts` in, and nobody else', () => {
    expect(contactsAccess.name).toBe('section:contacts');
    for (const u of [owner, admin, adminWithoutUsers, contactsOnly]) expect(contactsAccess.allows(u)).toBe(true);
    expect(contactsAccess.allows(ticketsOnly)).toBe(false);
    expect(allowedActions(ticketsOnly, plain)).toEqual({ edit: false, delete: false, subaccount: false });
  });

  it('gives the owner and admins with `users` every action on plain contacts and sub-accounts', () => {
    for (const u of [owner, admin]) {
      expect(allowedActions(u, plain)).toEqual({ edit: true, delete: true, subaccount: true });
      expect(allowedActions(u, subAccount)).toEqual({ edit: true, delete: true, subaccount: true });
      expect(allowedActions(u, null)).toEqual({ edit: false, delete: false, subaccount: true });
    }
  });

  it('needs `users` (and a manager) to turn a sub-account on, off, or to delete one', () => {
    for (const u of [adminWithoutUsers, contactsOnly]) {
      expect(allowedActions(u, null).subaccount).toBe(false);
      expect(allowedActions(u, plain)).toEqual({ edit: true, delete: true, subaccount: false });
      expect(allowedActions(u, subAccount)).toEqual({ edit: true, delete: false, subaccount: false });
      expect(deleteRefusal(u, subAccount)).toBe('forbidden');
    }
    // A member is never given user management, whatever their permissions say.
    const memberWithUsers = user(6, { role: 'member', permissions: ['contacts', 'users'] });
    expect(allowedActions(memberWithUsers, plain).subaccount).toBe(false);
  });

  it('leaves owners and admins to Administrar usuarios, and nobody deletes themselves', () => {
    expect(allowedActions(owner, managerContact)).toEqual({ edit: true, delete: false, subaccount: false });
    expect(deleteRefusal(owner, managerContact)).toBe('manager');
    expect(deleteRefusal(owner, ownContact)).toBe('self');
    expect(deleteRefusal(admin, ownContact)).toBe('manager');
    expect(deleteRefusal(owner, plain)).toBeNull();
  });

  it("allows nothing on another account's contact", () => {
    expect(allowedActions(owner, contact({ account_id: ACCOUNT + 1 }))).toEqual({
      edit: false,
      delete: false,
      subaccount: false,
    });
  });

  it('grants a sub-account only sections the granting user holds, never `users`', () => {
    expect(grantableBy(owner)).not.toContain('users');
    expect(grantableBy(owner)).toContain('invoices');
    const limited = user(8, { role: 'admin', enabled: ['contacts', 'users', 'tickets'] as Section[] });
    expect(grantableBy(limited).sort()).toEqual(['contacts', 'tickets']);
  });
});

describe('support contacts policy (seed 002)', () => {
  const partnerMade = { id: ACCOUNT, createdByPartner: true };
  const direct = { id: ACCOUNT, createdByPartner: false };
  const supportMember = user(9, { role: 'member', permissions: ['support_contacts'] });

  it('lets the owner and admins change them only on an account a partner created', () => {
    for (const u of [owner, admin]) {
      expect(supportActions(u, partnerMade)).toEqual({ view: true, add: true, remove: true });
      expect(supportActions(u, direct)).toEqual({ view: true, add: false, remove: false });
    }
  });

  it('shows them read-only to a member with the section, and not at all without it', () => {
    expect(supportContactsAccess.name).toBe('section:support_contacts');
    expect(supportContactsAccess.allows(supportMember)).toBe(true);
    expect(supportActions(supportMember, partnerMade)).toEqual({ view: true, add: false, remove: false });
    expect(supportContactsAccess.allows(ticketsOnly)).toBe(false);
    expect(supportActions(ticketsOnly, partnerMade)).toEqual({ view: false, add: false, remove: false });
    const withoutSection = user(11, { role: 'admin', enabled: ['contacts'] });
    expect(supportActions(withoutSection, partnerMade)).toEqual({ view: false, add: false, remove: false });
  });

  it('says who may change them when the user may not: the owner or an admin, or the provider', () => {
    expect(readOnlyReason(owner, partnerMade)).toBeNull();
    expect(readOnlyReason(supportMember, partnerMade)).toBe('role');
    expect(readOnlyReason(owner, direct)).toBe('provider');
    expect(readOnlyReason(supportMember, direct)).toBe('provider');
  });

  it("allows nothing on another account's support contacts", () => {
    expect(supportActions(owner, { id: ACCOUNT + 1, createdByPartner: true })).toEqual({
      view: false,
      add: false,
      remove: false,
    });
  });
});
