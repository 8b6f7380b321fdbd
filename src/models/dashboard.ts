import type { Db } from '../db/knex';
import type { Section } from '../permissions';

export interface DashboardScope {
  accountId: number;
  membershipId: number;
  /** 'assigned' limits services, invoices and tickets to the membership's account numbers. */
  accountScope: 'all' | 'assigned';
}

export interface DashboardSummary {
  services?: { active: number; total: number };
  invoices?: { unpaid: number; unpaidCents: number; currency: string };
  tickets?: { open: number };
  contacts?: { total: number };
  users?: { total: number; blocked: number };
  telephony?: { trunks: number; creditCents: number };
}

function scoped(db: Db, table: string, scope: DashboardScope) {
  const query = db(table).where(`${table}.account_id`, scope.accountId);
  if (scope.accountScope === 'assigned') {
    query.whereIn(
      `${table}.account_number_id`,
      db('membership_account_numbers').select('account_number_id').where({ membership_id: scope.membershipId }),
    );
  }
  return query;
}

/** Counts for the sections the user may see, and nothing else. */
export async function dashboardSummary(db: Db, scope: DashboardScope, sections: Set<Section>): Promise<DashboardSummary> {
  const summary: DashboardSummary = {};
  if (sections.has('services')) {
    const row = await scoped(db, 'services', scope)
      .select(db.raw("count(*) FILTER (WHERE status = 'active')::int AS active"), db.raw('count(*)::int AS total'))
      .first();
    summary.services = { active: row.active, total: row.total };
  }
  if (sections.has('invoices')) {
    const row = await scoped(db, 'invoices', scope)
      .whereIn('status', ['unpaid', 'overdue'])
      .select(db.raw('count(*)::int AS unpaid'), db.raw('coalesce(sum(total_cents), 0)::int AS cents'), db.raw("coalesce(min(currency), 'MXN') AS currency"))
      .first();
    summary.invoices = { unpaid: row.unpaid, unpaidCents: row.cents, currency: row.currency };
  }
  if (sections.has('tickets')) {
    const query = db('tickets').where('account_id', scope.accountId).whereNot('status', 'closed');
    if (scope.accountScope === 'assigned') {
      query.whereIn('account_number_id', db('membership_account_numbers').select('account_number_id').where({ membership_id: scope.membershipId }));
    }
    const row = await query.count<{ count: number }[]>('* as count').first();
    summary.tickets = { open: Number(row?.count ?? 0) };
  }
  if (sections.has('contacts')) {
    const row = await db('contacts').where('account_id', scope.accountId).count<{ count: number }[]>('* as count').first();
    summary.contacts = { total: Number(row?.count ?? 0) };
  }
  if (sections.has('users')) {
    const row = await db('memberships')
      .where('account_id', scope.accountId)
      .select(db.raw('count(*)::int AS total'), db.raw('count(blocked_at)::int AS blocked'))
      .first();
    summary.users = { total: row.total, blocked: row.blocked };
  }
  if (sections.has('telephony')) {
    const account = await db('accounts').where('id', scope.accountId).first('inbound_trunks', 'outbound_trunks', 'twoway_trunks');
    const credit = await db('credit_entries').where('account_id', scope.accountId).sum<{ sum: string | null }[]>('amount_cents as sum').first();
    summary.telephony = {
      trunks: account.inbound_trunks + account.outbound_trunks + account.twoway_trunks,
      creditCents: Number(credit?.sum ?? 0),
    };
  }
  return summary;
}
