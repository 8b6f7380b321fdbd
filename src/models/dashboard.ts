import type { Db } from '../db/knex';
import type { Section } from '../permissions';

export interface DashboardScope {
  accountId: number;
  membershipId: number;
  /** 'assigned' limits services, invoices and tickets to the membership's account numbers. */
  accountScope: 'all' | 'assigned';
  /** Tickets the user opened count too, as in the ticket list. */
  userId: number;
}

export interface DashboardSummary {
  services?: { active: number; total: number };
  invoices?: { unpaid: number; unpaidCents: number; currency: string };
  tickets?: { open: number };
  contacts?: { total: number };
  users?: { total: number; blocked: number };
  telephony?: { trunks: number; creditCents: number };
}

const IN_SCOPE = `(:scope = 'all' OR x.account_number_id IN
  (SELECT account_number_id FROM membership_account_numbers WHERE membership_id = :membershipId))`;

export const COUNT_CAP = 1000;

/** One subquery per section; only those the user may see are asked for. */
const PARTS: Partial<Record<Section, string>> = {
  services: `(SELECT json_build_object('active', count(*) FILTER (WHERE x.status = 'active'), 'total', count(*))
                FROM services x WHERE x.account_id = :accountId AND ${IN_SCOPE}) AS services`,
  invoices: `(SELECT json_build_object('unpaid', count(*), 'unpaidCents', coalesce(sum(x.total_cents), 0), 'currency', coalesce(min(x.currency), 'MXN'))
                FROM invoices x WHERE x.account_id = :accountId AND x.status IN ('unpaid', 'overdue') AND ${IN_SCOPE}) AS invoices`,
  // Counts that can grow without bound stop at COUNT_CAP + 1; the page then says "1,000+".
  tickets: `(SELECT json_build_object('open', count(*)) FROM (SELECT 1 FROM tickets x
                WHERE x.account_id = :accountId AND x.status <> 'closed' AND (${IN_SCOPE} OR x.opened_by_user_id = :userId)
                LIMIT ${COUNT_CAP + 1}) capped) AS tickets`,
  contacts: `(SELECT json_build_object('total', count(*)) FROM (SELECT 1 FROM contacts x WHERE x.account_id = :accountId LIMIT ${COUNT_CAP + 1}) capped) AS contacts`,
  users: `(SELECT json_build_object('total', count(*), 'blocked', count(x.blocked_at)) FROM memberships x WHERE x.account_id = :accountId) AS users`,
  telephony: `(SELECT json_build_object('trunks', a.inbound_trunks + a.outbound_trunks + a.twoway_trunks,
                  'creditCents', (SELECT coalesce(sum(c.amount_cents), 0) FROM credit_entries c WHERE c.account_id = a.id))
                FROM accounts a WHERE a.id = :accountId) AS telephony`,
};

/** Figures for the sections the user may see, and nothing else, in one round trip. */
export async function dashboardSummary(
  db: Db,
  scope: DashboardScope,
  sections: Set<Section>,
): Promise<DashboardSummary> {
  const parts = (Object.keys(PARTS) as Section[]).filter((s) => sections.has(s)).map((s) => PARTS[s]!);
  if (!parts.length) return {};
  const result = await db.raw<{ rows: DashboardSummary[] }>(`SELECT ${parts.join(',\n')}`, {
    accountId: scope.accountId,
    membershipId: scope.membershipId,
    scope: scope.accountScope,
    userId: scope.userId,
  });
  return result.rows[0] ?? {};
}
