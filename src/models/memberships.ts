import type { Db } from '../db/knex';
import type { Role } from '../permissions';

export interface MembershipChoice {
  membership_id: number;
  account_id: number;
  account_name: string;
  account_kind: 'platform' | 'reseller' | 'customer';
  realm: string;
  role: Role;
}

/** Memberships a user may sign in to: accepted and not blocked. */
export async function activeMemberships(db: Db, userId: number): Promise<MembershipChoice[]> {
  return db('memberships as m')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where('m.user_id', userId)
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .orderBy('a.name')
    .select(
      'm.id as membership_id',
      'a.id as account_id',
      'a.name as account_name',
      'a.kind as account_kind',
      'a.realm',
      'm.role',
    );
}

export interface CurrentRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  department: string;
  employee_number: string;
  locale: 'es' | 'en';
  session_version: number;
  has_password: boolean;
  membership_id: number | null;
  role: Role | null;
  permissions: string[] | null;
  account_scope: 'all' | 'assigned' | null;
  default_app: string | null;
  membership_usable: boolean | null;
  account_id: number | null;
  account_kind: 'platform' | 'reseller' | 'customer' | null;
  account_name: string | null;
  realm: string | null;
  enabled_sections: string[] | null;
  active_memberships: number;
}

/** The signed-in user and the chosen membership, read afresh on every request (one query). */
export async function loadCurrent(db: Db, userId: number, accountId: number | null): Promise<CurrentRow | undefined> {
  const result = await db.raw<{ rows: CurrentRow[] }>(
    `SELECT u.id, u.email, u.first_name, u.last_name, u.department, u.employee_number, u.locale, u.session_version,
            u.password_hash IS NOT NULL AS has_password,
            m.id AS membership_id, m.role, m.permissions, m.account_scope, m.default_app,
            (m.accepted_at IS NOT NULL AND m.blocked_at IS NULL) AS membership_usable,
            a.id AS account_id, a.kind AS account_kind, a.name AS account_name, a.realm, a.enabled_sections,
            (SELECT count(*) FROM memberships x
              WHERE x.user_id = u.id AND x.accepted_at IS NOT NULL AND x.blocked_at IS NULL)::int AS active_memberships
       FROM users u
       LEFT JOIN memberships m ON m.user_id = u.id AND m.account_id = :accountId
       LEFT JOIN accounts a ON a.id = m.account_id
      WHERE u.id = :userId`,
    { userId, accountId: accountId ?? 0 },
  );
  return result.rows[0];
}
