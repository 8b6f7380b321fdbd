import { oldestHeldRequests, ticketQueue, type QueueFilter } from '../../src/models/helpdesk';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount } from '../helpers/factories';

/**
 * The helpdesk queue and the held mail beside it run as prepared statements on every visit to
 * /staff. PostgreSQL keeps a generic plan for them only when the plan does not hang on their values:
 * with `status` bound (`not status = $1`, `status = $1`) a generic plan could not use the open
 * tickets' or the held mail's partial indexes, and every visit was planned afresh (issues 23 and
 * 24; counted in pg_prepared_statements, never timed).
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const accountId = await createAccount(db, { name: 'Cola Larga' });
  await db.raw(
    `INSERT INTO tickets (account_id, number, requester_email, department, priority, status, subject, last_reply_at)
     SELECT ?, (200000 + g)::text, 'c' || g || '@example.test', 'support', 'medium',
            CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END, 'Ticket ' || g, now() - make_interval(mins => g)
       FROM generate_series(1, 20000) g`,
    [accountId],
  );
  await db.raw('ANALYZE tickets');
});
afterAll(() => database.drop());

const filter: QueueFilter = { view: 'all', q: '', sort: 'activity', status: '', department: '', account: '' };

async function plans(trx: TestDatabase['db'], like: string) {
  const { rows } = await trx.raw<{ rows: { generic_plans: number; custom_plans: number }[] }>(
    `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE ?`,
    [like],
  );
  return rows;
}

test('the queue and the held mail are planned once per connection, then run on their generic plans', async () => {
  await database.db.transaction(async (trx) => {
    for (let i = 0; i < 12; i++) {
      const page = await ticketQueue(trx, filter, null, {}, 1);
      expect(page.rows).toHaveLength(25);
      expect(page.rows.every((row) => row.status === 'open')).toBe(true);
      await oldestHeldRequests(trx);
    }
    const queue = await plans(trx, '%from "tickets" as "t"%');
    expect(queue).toHaveLength(1);
    expect(queue[0].generic_plans).toBeGreaterThan(0);
    const held = await plans(trx, '%from "inbound_messages" as "i"%');
    expect(held).toHaveLength(1);
    expect(held[0].generic_plans).toBeGreaterThan(0);
  });
});
