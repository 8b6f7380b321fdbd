import { findTicketByNumber, insertTicketWithMessage, newTicketNumber, type Draw } from '../../src/models/tickets';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createTicketRow } from '../helpers/factories';

let database: TestDatabase;
let accountId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = await createAccount(database.db);
});
afterAll(() => database.drop());

const ticket = (number: string) =>
  createTicketRow(database.db, { accountId, requesterEmail: 'alguien@example.test', number });

/** Hands out the given numbers in turn, and records the range each was asked for. */
function scripted(numbers: number[]): Draw & { asked: [number, number][] } {
  const asked: [number, number][] = [];
  const draw = (min: number, max: number) => {
    asked.push([min, max]);
    const next = numbers.shift();
    if (next === undefined) throw new Error('drew more numbers than scripted');
    return next;
  };
  return Object.assign(draw, { asked });
}

describe('public ticket numbers', () => {
  it('are six digits, with leading zeros, while free ones are easy to find', async () => {
    expect(await newTicketNumber(database.db, scripted([42]))).toBe('000042');
    expect(await newTicketNumber(database.db)).toMatch(/^\d{6}$/);
  });

  it('move to seven digits after three draws land on taken six-digit numbers, and to eight after that', async () => {
    for (const n of ['100001', '100002', '100003', '1000001', '1000002', '1000003']) await ticket(n);

    const seven = scripted([100001, 100002, 100003, 2345678]);
    expect(await newTicketNumber(database.db, seven)).toBe('2345678');
    expect(seven.asked).toEqual([
      [0, 1_000_000],
      [0, 1_000_000],
      [0, 1_000_000],
      [1_000_000, 10_000_000],
    ]);

    const eight = scripted([100001, 100002, 100003, 1000001, 1000002, 1000003, 12345678]);
    expect(await newTicketNumber(database.db, eight)).toBe('12345678');
    expect(eight.asked.slice(-1)).toEqual([[10_000_000, 100_000_000]]);
  });

  it('are drawn by the same rule when a ticket is written with its first message in one statement', async () => {
    for (const n of ['300001', '300002', '300003']) await ticket(n);
    const draws = scripted([300001, 300002, 300003, 3456789]);
    const { ticket: created, messageId } = await insertTicketWithMessage(
      database.db,
      {
        accountId,
        subject: 'Sin línea',
        department: 'support',
        priority: 'medium',
        accountNumberId: null,
        serviceId: null,
        problemReport: false,
        openedByUserId: null,
        openedByContactId: null,
        requesterEmail: 'ana@example.test',
        source: 'email',
      },
      {
        authorUserId: null,
        authorEmail: 'ana@example.test',
        authorName: 'Ana',
        authorKind: 'customer',
        body: 'No hay tono.',
        internal: false,
        source: 'email',
        emailMessageId: '<uno@example.test>',
      },
      draws,
    );
    expect(created).toMatchObject({ number: '3456789', account_id: accountId, status: 'open', subject: 'Sin línea' });
    expect(draws.asked.slice(-1)).toEqual([[1_000_000, 10_000_000]]);
    // The taken numbers were left as they were; the message is on the new ticket.
    expect(await database.db('tickets').whereIn('number', ['300001', '300002', '300003']).count('* as n')).toEqual([
      { n: 3 },
    ]);
    expect(await database.db('ticket_messages').where({ id: messageId }).first()).toMatchObject({
      ticket_id: created.id,
      body: 'No hay tono.',
      email_message_id: '<uno@example.test>',
    });
  });

  it('of seven and eight digits open their ticket like six-digit ones', async () => {
    await ticket('7654321');
    await ticket('87654321');
    expect(await findTicketByNumber(database.db, '7654321')).toMatchObject({ number: '7654321' });
    expect(await findTicketByNumber(database.db, '87654321')).toMatchObject({ number: '87654321' });
    expect(await findTicketByNumber(database.db, '123456789')).toBeUndefined();
  });
});
