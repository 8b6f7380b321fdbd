import type { CurrentUser } from '../../src/current-user';
import { ForbiddenError } from '../../src/domain/errors';
import type { Section } from '../../src/domain/permissions';
import { allowedActions, authorizeTicket, customerTickets } from '../../src/policies/tickets';

const user = (kind: 'customer' | 'platform', sections: Section[], accountId = 1): CurrentUser => ({
  id: 7,
  email: 'a@b.test',
  firstName: 'A',
  lastName: 'B',
  department: '',
  employeeNumber: '',
  locale: 'es',
  membership: { id: 3, role: 'member', permissions: sections, accountScope: 'all', defaultApp: null },
  account: { id: accountId, kind, name: 'ABC', realm: 'abc.test' },
  sections: new Set(sections),
  activeMemberships: 1,
});
const open = { account_id: 1, status: 'answered' as const };
const closed = { account_id: 1, status: 'closed' as const };
const none = { reply: false, close: false, note: false, set_status: false, assign: false, merge: false, copy: false };

describe('allowedActions(user, ticket)', () => {
  it('lets a customer with `tickets` reply, close an open ticket and manage its copies; only reply to a closed one', () => {
    const customer = user('customer', ['tickets']);
    expect(allowedActions(customer, open)).toEqual({ ...none, reply: true, close: true, copy: true });
    expect(allowedActions(customer, closed)).toEqual({ ...none, reply: true, copy: true });
  });

  it('lets nobody change the copies of a ticket merged into another (it mails nobody any more)', () => {
    const merged = { ...closed, merged_into_id: 5 };
    expect(allowedActions(user('customer', ['tickets']), merged).copy).toBe(false);
    expect(allowedActions(user('platform', [], 99), merged).copy).toBe(false);
  });

  it('gives nothing without the section, or on another account’s ticket', () => {
    expect(allowedActions(user('customer', ['invoices']), open)).toEqual(none);
    expect(allowedActions(user('customer', ['tickets'], 2), open)).toEqual(none);
  });

  it('lets the helpdesk reply, write internal notes, set any status, assign and merge any account’s ticket', () => {
    const agent = user('platform', [], 99);
    expect(allowedActions(agent, open)).toEqual({
      reply: true,
      close: true,
      note: true,
      set_status: true,
      assign: true,
      merge: true,
      copy: true,
    });
    expect(allowedActions(agent, closed)).toMatchObject({ close: false, set_status: true, merge: false });
  });

  it('asks the same question as the route policy', () => {
    for (const sections of [['tickets'], ['services']] as Section[][]) {
      const u = user('customer', sections);
      expect(allowedActions(u, open).reply).toBe(customerTickets.allows(u));
    }
  });

  it('refuses with a 403 what is not allowed', () => {
    expect(authorizeTicket(user('customer', ['tickets']), open, 'close').close).toBe(true);
    expect(() => authorizeTicket(user('customer', ['tickets']), open, 'note')).toThrow(ForbiddenError);
    expect(() => authorizeTicket(user('customer', ['tickets']), closed, 'close')).toThrow(ForbiddenError);
  });
});
