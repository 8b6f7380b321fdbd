import {
  memberStanding,
  NOBODY,
  openRefusal,
  replyRefusal,
  requesterStatusOf,
  type TicketStanding,
} from '../../src/policies/ticket-senders';

const ALL = ['tickets', 'services', 'invoices', 'users', 'contacts'];
const member = (role: 'owner' | 'admin' | 'member', permissions: string[] = [], blocked = false): TicketStanding => ({
  member: memberStanding({ role, permissions, enabledSections: ALL, blocked }),
  // Every portal user has an authorized contact record: it must never decide for them.
  contact: { status: 'authorized' },
});
const contact = (status: 'authorized' | 'unverified' | 'rejected'): TicketStanding => ({
  member: null,
  contact: { status },
});

describe('who may open a ticket (portal and e-mail)', () => {
  it.each([
    ['owner', member('owner'), null],
    ['admin', member('admin'), null],
    ['member with tickets', member('member', ['tickets']), null],
    ['member without tickets', member('member', ['services']), 'no_tickets_permission'],
    ['blocked member', member('member', ['tickets'], true), 'blocked_member'],
    ['authorized contact', contact('authorized'), null],
    ['unverified contact', contact('unverified'), 'unverified_sender'],
    ['rejected contact', contact('rejected'), 'rejected_sender'],
    ['nobody', NOBODY, 'unknown_sender'],
    ['owner of a suspended account', { ...member('owner'), account: 'suspended' as const }, 'account_suspended'],
    ['contact of a closed account', { ...contact('authorized'), account: 'closed' as const }, 'account_closed'],
  ])('%s → %s', (_kind, standing, expected) => {
    expect(openRefusal(standing)).toBe(expected);
  });

  it('holds the owner to the sections enabled for the account', () => {
    const disabled = {
      member: memberStanding({ role: 'owner', permissions: [], enabledSections: ['services'], blocked: false }),
      contact: null,
    };
    expect(openRefusal(disabled)).toBe('no_tickets_permission');
  });
});

describe('a suspended or closed account', () => {
  it('refuses its people on every path and says so on the badge', () => {
    const suspended: TicketStanding = { ...member('owner'), account: 'suspended' };
    expect(replyRefusal(suspended, { requester: true, seesTicket: true })).toBe('account_suspended');
    expect(requesterStatusOf(suspended)).toBe('account_suspended');
    expect(requesterStatusOf({ ...contact('authorized'), account: 'closed' })).toBe('account_closed');
  });
});

describe('who may write on a ticket', () => {
  it('a portal user who sees it (their scope), a contact who asked it; nobody else', () => {
    const sees = { requester: false, seesTicket: true };
    const hidden = { requester: false, seesTicket: false };
    const asked = { requester: true, seesTicket: false };
    expect(replyRefusal(member('member', ['tickets']), sees)).toBeNull();
    expect(replyRefusal(member('member', ['tickets']), hidden)).toBe('not_authorized_for_ticket');
    expect(replyRefusal(member('member', ['tickets'], true), sees)).toBe('blocked_member');
    expect(replyRefusal(member('member', []), sees)).toBe('no_tickets_permission');
    expect(replyRefusal(contact('authorized'), asked)).toBeNull();
    expect(replyRefusal(contact('authorized'), hidden)).toBe('not_authorized_for_ticket');
    expect(replyRefusal(contact('unverified'), asked)).toBe('unverified_sender');
    expect(replyRefusal(NOBODY, asked)).toBe('not_authorized_for_ticket');
  });

  it('a contact in copy as one who asked it — being in copy authorizes nobody by itself', () => {
    const copied = { requester: false, seesTicket: false, copied: true };
    expect(replyRefusal(contact('authorized'), copied)).toBeNull();
    expect(replyRefusal(contact('unverified'), copied)).toBe('unverified_sender');
    expect(replyRefusal(contact('rejected'), copied)).toBe('rejected_sender');
    expect(replyRefusal(NOBODY, copied)).toBe('not_authorized_for_ticket');
    // A portal user's account numbers decide for them, copy or not.
    expect(replyRefusal(member('member', ['tickets']), copied)).toBe('not_authorized_for_ticket');
    expect(replyRefusal(member('member', []), { ...copied, seesTicket: true })).toBe('no_tickets_permission');
  });
});

it('shows the helpdesk the same answer as a status', () => {
  expect(requesterStatusOf(member('member', ['tickets'], true))).toBe('blocked');
  expect(requesterStatusOf(member('member', []))).toBe('no_tickets');
  expect(requesterStatusOf(member('admin'))).toBe('authorized');
  expect(requesterStatusOf(contact('unverified'))).toBe('unverified');
  expect(requesterStatusOf(NOBODY)).toBe('unknown');
});
