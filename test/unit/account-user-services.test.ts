import type { MemberUser } from '../../src/current-user';
import { findAccountUser, type AccountUser } from '../../src/models/account-users';
import type { Role, Section } from '../../src/domain/permissions';
import {
  assignNumber,
  blockUser,
  openAllNumbers,
  sendPasswordReset,
  unassignNumber,
  unblockUser,
  updateUserDetails,
} from '../../src/services/account-users';
import { inviteAndSend, resendInvitation } from '../../src/services/invitations';
import { buildTestApp, type TestApp } from '../helpers/app';
import {
  createAccount,
  createAccountNumber,
  createInvitedUser,
  createMember,
  createMembership,
} from '../helpers/factories';
import { lastMail } from '../helpers/mail';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const IP = '203.0.113.9';
const ALL: Section[] = ['services', 'invoices', 'tickets', 'emails', 'profile', 'contacts', 'users'];

/** The signed-in manager as the middleware would build them. */
function asCurrent(
  user: { id: number; email: string; membershipId: number },
  accountId: number,
  role: Role,
  sections = ALL,
): MemberUser {
  return {
    id: user.id,
    email: user.email,
    firstName: 'Olga',
    lastName: 'Usuario',
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: user.membershipId, role, permissions: [], accountScope: 'all', defaultApp: null },
    account: { id: accountId, kind: 'customer', name: 'Cuenta de Prueba', realm: 'prueba.test' },
    sections: new Set(sections),
    activeMemberships: 1,
  };
}

async function load(accountId: number, membershipId: number): Promise<AccountUser> {
  const found = await findAccountUser(t.db, accountId, membershipId);
  if (!found) throw new Error(`membership ${membershipId} not in account ${accountId}`);
  return found;
}

/** An account with its owner (signed in) and a tickets-only member. */
async function team(ownerSections = ALL) {
  const accountId = await createAccount(t.db);
  const ownerUser = await createMember(t.db, { role: 'owner', accountId });
  const memberUser = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
  return {
    accountId,
    owner: asCurrent(ownerUser, accountId, 'owner', ownerSections),
    member: await load(accountId, memberUser.membershipId),
  };
}

const eventsAbout = (membershipId: number) =>
  t.db('audit_events').where({ target_type: 'membership', target_id: membershipId }).orderBy('id');

describe('blockUser / unblockUser', () => {
  it('writes the block and its audit event together', async () => {
    const { owner, member } = await team();
    await blockUser(t.deps, owner, member, IP);
    const row = await t.db('memberships').where({ id: member.membership_id }).first();
    expect(row.blocked_at).not.toBeNull();
    expect(row.blocked_by_user_id).toBe(owner.id);
    expect(await eventsAbout(member.membership_id)).toMatchObject([
      { action: 'user.blocked', actor_user_id: owner.id, account_id: member.account_id, ip: IP },
    ]);

    await unblockUser(t.deps, owner, await load(member.account_id, member.membership_id), IP);
    const after = await t.db('memberships').where({ id: member.membership_id }).first();
    expect(after).toMatchObject({ blocked_at: null, blocked_by_user_id: null });
    expect((await eventsAbout(member.membership_id)).map((e: { action: string }) => e.action)).toEqual([
      'user.blocked',
      'user.unblocked',
    ]);
  });

  it('blocks nothing when the audit event cannot be written', async () => {
    const { owner, member } = await team();
    // An account id no account has: the audit insert fails on its foreign key.
    await expect(blockUser(t.deps, owner, { ...member, account_id: 0 }, IP)).rejects.toThrow();
    expect((await t.db('memberships').where({ id: member.membership_id }).first()).blocked_at).toBeNull();
  });
});

describe('sendPasswordReset', () => {
  it('queues the reset e-mail with a new link, and records who sent it', async () => {
    const { owner, member } = await team();
    await sendPasswordReset(t.deps, owner, member, IP);
    expect(await t.db('password_resets').where({ user_id: member.user_id, used_at: null }).count('* as n')).toEqual([
      { n: 1 },
    ]);
    expect((await lastMail(t.db, 'password_reset', member.email)).text_body).toMatch(/\/password\/reset\/[\w-]{43}/);
    expect(await eventsAbout(member.membership_id)).toMatchObject([{ action: 'user.password_reset_sent' }]);
  });
});

describe('updateUserDetails', () => {
  const details = (target: AccountUser, overrides = {}) => ({
    first_name: 'Mario',
    last_name: 'Soto',
    email: target.email,
    department: 'Ventas',
    title: 'Gerente',
    role: 'member' as const,
    permissions: ['tickets', 'invoices'] as Section[],
    ...overrides,
  });

  it('updates the login, the contact and the membership; grants only what the manager holds', async () => {
    const { owner, member } = await team(['tickets', 'users']);
    const result = await updateUserDetails(t.deps, owner, member, details(member), IP);
    expect(result).toEqual({ ok: true, pendingInvitation: false });
    const after = await load(member.account_id, member.membership_id);
    expect(after).toMatchObject({ first_name: 'Mario', last_name: 'Soto', department: 'Ventas', title: 'Gerente' });
    expect(after.permissions).toEqual(['tickets']);
    expect(await eventsAbout(member.membership_id)).toMatchObject([
      { action: 'user.updated', metadata: { email_changed: false, role_from: 'member', role_to: 'member' } },
    ]);
  });

  it('never grants a member «users», which stays with the owner and admins, even to one who holds it', async () => {
    const { owner, member } = await team(['tickets', 'users']);
    const input = details(member, { permissions: ['tickets', 'users'] as Section[] });
    expect(await updateUserDetails(t.deps, owner, member, input, IP)).toEqual({ ok: true, pendingInvitation: false });
    expect((await load(member.account_id, member.membership_id)).permissions).toEqual(['tickets']);
  });

  it("keeps the owner's role, and opens every number to someone made admin", async () => {
    const { owner, member, accountId } = await team();
    const self = await load(accountId, owner.membership.id);
    await updateUserDetails(t.deps, owner, self, details(self, { role: 'member' }), IP);
    expect((await load(accountId, self.membership_id)).role).toBe('owner');

    await t.db('memberships').where({ id: member.membership_id }).update({ account_scope: 'assigned' });
    await updateUserDetails(t.deps, owner, member, details(member, { role: 'admin' }), IP);
    expect(await load(accountId, member.membership_id)).toMatchObject({
      role: 'admin',
      account_scope: 'all',
      permissions: [],
    });
  });

  it("changes a registered user's address: old links die and the old address is told", async () => {
    const { owner, member } = await team();
    await sendPasswordReset(t.deps, owner, member, IP);
    const result = await updateUserDetails(t.deps, owner, member, details(member, { email: 'nuevo@example.test' }), IP);
    expect(result).toEqual({ ok: true, pendingInvitation: false });
    expect(await t.db('password_resets').where({ user_id: member.user_id, revoked_at: null }).first()).toBeUndefined();
    expect((await lastMail(t.db, 'email_changed', member.email)).text_body).toContain('nuevo@example.test');
  });

  it('asks for a resend when an invited user gets a new address', async () => {
    const { owner, accountId } = await team();
    const invited = await createInvitedUser(t.db, accountId);
    const target = await load(accountId, invited.membershipId);
    const result = await updateUserDetails(t.deps, owner, target, details(target, { email: 'otra@example.test' }), IP);
    expect(result).toEqual({ ok: true, pendingInvitation: true });
    expect(await lastMail(t.db, 'email_changed', invited.email)).toBeUndefined();
  });

  it('changes nothing for an address that is shared with other accounts or is somebody else’s', async () => {
    const { owner, member, accountId } = await team();
    const elsewhere = await createMember(t.db, { role: 'owner' });
    const taken = await updateUserDetails(t.deps, owner, member, details(member, { email: elsewhere.email }), IP);
    expect(taken).toEqual({ ok: false, error: 'taken' });

    await createMembership(t.db, member.user_id, elsewhere.accountId);
    const shared = await load(accountId, member.membership_id);
    expect(await updateUserDetails(t.deps, owner, shared, details(shared, { email: 'x@example.test' }), IP)).toEqual({
      ok: false,
      error: 'shared',
    });
    expect(await load(accountId, member.membership_id)).toMatchObject({ email: member.email, first_name: 'Prueba' });
    expect(await eventsAbout(member.membership_id)).toEqual([]);
  });
});

describe('account numbers', () => {
  it('assigns a number of the account, refuses unknown ones and repeats, removes, and opens all', async () => {
    const { owner, member, accountId } = await team();
    const mine = await createAccountNumber(t.db, accountId);
    const foreign = await createAccountNumber(t.db, await createAccount(t.db));

    expect(await assignNumber(t.deps, owner, member, foreign, IP)).toEqual({ ok: false, error: 'unknown' });
    expect(await eventsAbout(member.membership_id)).toEqual([]);
    expect(await assignNumber(t.deps, owner, member, mine, IP)).toEqual({ ok: true });
    expect(await assignNumber(t.deps, owner, member, mine, IP)).toEqual({ ok: false, error: 'already' });
    expect(await load(accountId, member.membership_id)).toMatchObject({
      account_scope: 'assigned',
      assigned_numbers: 1,
    });

    const number = await t.db('account_numbers').where({ number: mine }).first('id', 'number', 'label');
    await unassignNumber(t.deps, owner, member, number, IP);
    expect(await load(accountId, member.membership_id)).toMatchObject({ assigned_numbers: 0 });

    await assignNumber(t.deps, owner, member, mine, IP);
    await openAllNumbers(t.deps, owner, member, IP);
    expect(await load(accountId, member.membership_id)).toMatchObject({ account_scope: 'all', assigned_numbers: 0 });
    expect(await eventsAbout(member.membership_id)).toMatchObject([
      { action: 'user.account_number_added', metadata: { number: mine } },
      { action: 'user.account_number_removed', metadata: { number: mine } },
      { action: 'user.account_number_added' },
      { action: 'user.account_scope_all' },
    ]);
  });
});

describe('invitations', () => {
  it('adds a member limited to the numbers typed, and sends the invitation', async () => {
    const { owner, accountId } = await team();
    const number = await createAccountNumber(t.db, accountId);
    const input = {
      first_name: 'Nora',
      last_name: 'Vega',
      email: 'nora@example.test',
      title: '',
      role: 'member' as const,
      permissions: ['tickets'] as Section[],
      account_number: [number],
    };
    const result = await inviteAndSend(t.deps, owner, input, IP);
    if (!result.ok) throw new Error(result.error);
    expect(result.mail).toBe('sent');
    expect(await load(accountId, result.membershipId)).toMatchObject({
      status: 'invited',
      account_scope: 'assigned',
      assigned_numbers: 1,
    });
    expect(await inviteAndSend(t.deps, owner, input, IP)).toEqual({ ok: false, error: 'already_invited' });
  });

  it('writes nothing when a typed number is not the account’s', async () => {
    const { owner } = await team();
    const foreign = await createAccountNumber(t.db, await createAccount(t.db));
    const input = {
      first_name: 'Nadie',
      last_name: 'Más',
      email: 'nadie@example.test',
      title: '',
      role: 'member' as const,
      permissions: [],
      account_number: [foreign],
    };
    expect(await inviteAndSend(t.deps, owner, input, IP)).toEqual({
      ok: false,
      error: 'unknown_numbers',
      numbers: [foreign],
    });
    expect(await t.db('users').where({ email: 'nadie@example.test' }).first()).toBeUndefined();
  });

  it('resends a new link to a corrected address; the old link is revoked', async () => {
    const { owner, accountId } = await team();
    const invited = await createInvitedUser(t.db, accountId, { email: 'ines.typo@example.test' });
    const target = await load(accountId, invited.membershipId);
    expect(await resendInvitation(t.deps, owner, target, 'ines@example.test', IP)).toEqual({ ok: true, mail: 'sent' });
    expect(
      await resendInvitation(t.deps, owner, await load(accountId, invited.membershipId), 'ines@example.test', IP),
    ).toEqual({ ok: true, mail: 'sent' });
    const links = await t.db('invitations').where({ membership_id: invited.membershipId }).orderBy('id');
    const open = links.map((l: { sent_to: string; revoked_at: Date | null }) => [l.sent_to, l.revoked_at === null]);
    expect(open).toEqual([
      ['ines@example.test', false],
      ['ines@example.test', true],
    ]);
    expect(await eventsAbout(invited.membershipId)).toMatchObject([
      { action: 'user.invitation_resent', metadata: { email: 'ines@example.test', corrected: true, new_login: false } },
      {
        action: 'user.invitation_resent',
        metadata: { email: 'ines@example.test', corrected: false, new_login: false },
      },
    ]);
  });

  it('resend changes nothing when refused: a user of this account, or a person who has a login', async () => {
    const { owner, accountId, member } = await team();
    const invited = await createInvitedUser(t.db, accountId, { email: 'luz@example.test' });
    const target = await load(accountId, invited.membershipId);
    const outbox = async () => Number((await t.db('mail_outbox').count('* as n').first())!.n);
    const before = await outbox();

    expect(await resendInvitation(t.deps, owner, target, member.email, IP)).toEqual({
      ok: false,
      error: 'already_in_account',
    });
    const registered = { ...target, registered: true };
    expect(await resendInvitation(t.deps, owner, registered, 'otra@example.test', IP)).toEqual({
      ok: false,
      error: 'registered_email',
    });
    expect(await load(accountId, invited.membershipId)).toMatchObject({ email: 'luz@example.test' });
    expect(await t.db('invitations').where({ membership_id: invited.membershipId })).toEqual([]);
    expect(await eventsAbout(invited.membershipId)).toEqual([]);
    expect(await outbox()).toBe(before);
  });
});
