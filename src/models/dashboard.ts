import type { Knex } from 'knex';
import { prepared, type Db } from '../db/knex';
import type { Section } from '../domain/permissions';
import { ticketsWithinScope, withinScope, type TicketScope } from './scope';

export interface DashboardSummary {
  services?: { active: number; total: number };
  invoices?: { unpaid: number; unpaidCents: number; currency: string };
  tickets?: { open: number };
  contacts?: { total: number };
  users?: { total: number; blocked: number };
  telephony?: { trunks: number; creditCents: number };
}

export const COUNT_CAP = 1000;

/** Counts that can grow without bound stop at COUNT_CAP + 1; the page then says "1,000+". */
const capped = (db: Db, rows: Knex.QueryBuilder) =>
  db.from(
    rows
      .select(db.raw('1'))
      .limit(COUNT_CAP + 1)
      .as('capped'),
  );

/**
 * One subquery per section, each a single row with one JSON value; only those the user may see are
 * asked for. Services, invoices and tickets go through the same scope as their own pages, so a
 * member limited to some account numbers counts what their lists show.
 */
const PARTS: Partial<Record<Section, (db: Db, scope: TicketScope) => Knex.QueryBuilder>> = {
  services: (db, scope) =>
    withinScope(db, db('services as x'), 'x', scope).select(
      db.raw("json_build_object('active', count(*) FILTER (WHERE x.status = 'active'), 'total', count(*))"),
    ),
  invoices: (db, scope) =>
    withinScope(db, db('invoices as x').whereIn('x.status', ['unpaid', 'overdue']), 'x', scope).select(
      db.raw(
        "json_build_object('unpaid', count(*), 'unpaidCents', coalesce(sum(x.total_cents), 0), 'currency', coalesce(min(x.currency), 'MXN'))",
      ),
    ),
  tickets: (db, scope) =>
    capped(db, ticketsWithinScope(db, db('tickets as x').whereNot('x.status', 'closed'), 'x', scope)).select(
      db.raw("json_build_object('open', count(*))"),
    ),
  contacts: (db, scope) =>
    capped(db, db('contacts as x').where('x.account_id', scope.accountId)).select(
      db.raw("json_build_object('total', count(*))"),
    ),
  users: (db, scope) =>
    db('memberships as x')
      .where('x.account_id', scope.accountId)
      .select(db.raw("json_build_object('total', count(*), 'blocked', count(x.blocked_at))")),
  telephony: (db, scope) =>
    db('accounts as a')
      .where('a.id', scope.accountId)
      .select(
        db.raw(
          "json_build_object('trunks', a.inbound_trunks + a.outbound_trunks + a.twoway_trunks, 'creditCents', ?)",
          [
            db('credit_entries as c')
              .whereRaw('c.account_id = a.id')
              .select(db.raw('coalesce(sum(c.amount_cents), 0)')),
          ],
        ),
      ),
};

/** Figures for the sections the user may see, and nothing else, in one round trip. */
export async function dashboardSummary(
  db: Db,
  scope: TicketScope,
  sections: ReadonlySet<Section>,
): Promise<DashboardSummary> {
  const parts = (Object.keys(PARTS) as Section[]).filter((s) => sections.has(s)).map((s) => PARTS[s]!(db, scope).as(s));
  if (!parts.length) return {};
  const [row] = await prepared(db.select<DashboardSummary[]>(parts));
  return row ?? {};
}
