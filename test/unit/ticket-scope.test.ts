import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
  createAccount,
  createAccountNumber,
  createMember,
  createTicketRow,
  limitMemberToNumbers,
} from '../helpers/factories';
import { dashboardSummary } from '../../src/models/dashboard';
import type { TicketScope } from '../../src/models/scope';
import { findVisibleTicket, ticketChoices, ticketsPage } from '../../src/models/tickets';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('the account-number scope of tickets (models/scope.ts)', () => {
  it('is the same for the list, a ticket’s page, the dashboard count and the numbers a new ticket may name', async () => {
    const db = database.db;
    const accountId = await createAccount(db);
    const owner = await createMember(db, { role: 'owner', accountId });
    const member = await createMember(db, { role: 'member', permissions: ['tickets'], accountId });
    const [mine, theirs] = [await createAccountNumber(db, accountId), await createAccountNumber(db, accountId)];
    await limitMemberToNumbers(db, member.membershipId, [mine]);
    const ticket = (values: { accountNumber?: string; by: { id: number; email: string }; subject: string }) =>
      createTicketRow(db, {
        accountId,
        requesterEmail: values.by.email,
        openedByUserId: values.by.id,
        accountNumber: values.accountNumber,
        subject: values.subject,
      });
    const onMine = await ticket({ accountNumber: mine, by: owner, subject: 'en mi número' });
    const onTheirs = await ticket({ accountNumber: theirs, by: owner, subject: 'en otro número' });
    const ownedByMe = await ticket({ accountNumber: theirs, by: member, subject: 'mío en otro número' });
    const noNumber = await ticket({ by: owner, subject: 'sin número' });

    const limited: TicketScope = {
      accountId,
      membershipId: member.membershipId,
      accountScope: 'assigned',
      userId: member.id,
    };
    const everything: TicketScope = {
      accountId,
      membershipId: owner.membershipId,
      accountScope: 'all',
      userId: owner.id,
    };
    const seen = [onMine, ownedByMe].map((x) => x.number).sort();

    const page = await ticketsPage(db, limited, {});
    expect(page.rows.map((r) => r.number).sort()).toEqual(seen);
    for (const x of [onMine, onTheirs, ownedByMe, noNumber])
      expect(Boolean(await findVisibleTicket(db, limited, x.number))).toBe(seen.includes(x.number));
    expect(await dashboardSummary(db, limited, new Set(['tickets']))).toEqual({ tickets: { open: 2 } });
    expect((await ticketChoices(db, limited)).numbers.map((n) => n.number)).toEqual([mine]);

    expect((await ticketsPage(db, everything, {})).rows).toHaveLength(4);
    expect(await dashboardSummary(db, everything, new Set(['tickets']))).toEqual({ tickets: { open: 4 } });
    expect((await ticketChoices(db, everything)).numbers.map((n) => n.number).sort()).toEqual([mine, theirs].sort());

    // Another account's scope sees none of it.
    const other = await createAccount(db);
    const stranger: TicketScope = { ...everything, accountId: other };
    expect((await ticketsPage(db, stranger, {})).rows).toEqual([]);
    expect(await findVisibleTicket(db, stranger, onMine.number)).toBeUndefined();
  });
});
