import { prepared, type Db } from '../db/knex';
import type { Role } from '../domain/permissions';

export interface MembershipChoice {
  membership_id: number;
  account_id: number;
  account_name: string;
  account_kind: 'platform' | 'reseller' | 'customer';
  realm: string;
  role: Role;
}

/** Memberships a user may sign in to: accepted, not blocked, in an account that is active (not suspended or closed). */
export async function activeMemberships(db: Db, userId: number): Promise<MembershipChoice[]> {
  return db('memberships as m')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where('m.user_id', userId)
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .where('a.status', 'active')
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

/**
 * The signed-in user and the chosen membership, for the user and account the two SQL expressions give. A
 * membership is usable only in an active account: suspending or closing an account ends its
 * people's sessions at their next request, and its data stays. Also read together with the session
 * row (models/sessions.ts), so that a signed-in page costs one round trip before its own query.
 */
export const currentRowSql = (userId: string, accountId: string) => `
  SELECT u.id, u.email, u.first_name, u.last_name, u.department, u.employee_number, u.locale, u.session_version,
         u.password_hash IS NOT NULL AS has_password,
         m.id AS membership_id, m.role, m.permissions, m.account_scope, m.default_app,
         (m.accepted_at IS NOT NULL AND m.blocked_at IS NULL AND a.status = 'active') AS membership_usable,
         a.id AS account_id, a.kind AS account_kind, a.name AS account_name, a.realm, a.enabled_sections,
         (SELECT count(*) FROM memberships x JOIN accounts xa ON xa.id = x.account_id
           WHERE x.user_id = u.id AND x.accepted_at IS NOT NULL AND x.blocked_at IS NULL
             AND xa.status = 'active')::int AS active_memberships
    FROM users u
    LEFT JOIN memberships m ON m.user_id = u.id AND m.account_id = ${accountId}
    LEFT JOIN accounts a ON a.id = m.account_id
   WHERE u.id = ${userId}`;

const CURRENT_ROW_SQL = currentRowSql(':userId', ':accountId');

/** The signed-in user and the chosen membership, read afresh (one query). */
export async function loadCurrent(db: Db, userId: number, accountId: number | null): Promise<CurrentRow | undefined> {
  const result = await prepared(db.raw<{ rows: CurrentRow[] }>(CURRENT_ROW_SQL, { userId, accountId: accountId ?? 0 }));
  return result.rows[0];
}

/** The user's membership of the account, accepted or still an invitation. */
export async function findMembershipOf(
  db: Db,
  userId: number,
  accountId: number,
): Promise<{ id: number; accepted_at: Date | null } | undefined> {
  return db('memberships').where({ user_id: userId, account_id: accountId }).first('id', 'accepted_at');
}

export interface NewMembership {
  userId: number;
  accountId: number;
  /** `owner` only for a new account's first admin (services/invitations.ts, `owner`). */
  role: Role;
  title: string;
  permissions: string[];
  accountScope: 'all' | 'assigned';
  invitedAt: Date;
}

/** An invited membership (accepted when the person opens the invitation); returns its id. */
export async function insertMembership(db: Db, values: NewMembership): Promise<number> {
  const [row] = await db('memberships')
    .insert({
      user_id: values.userId,
      account_id: values.accountId,
      role: values.role,
      title: values.title,
      permissions: values.permissions,
      account_scope: values.accountScope,
      invited_at: values.invitedAt,
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** The membership now belongs to another login (a pending invitation sent to a corrected address). */
export async function reassignMembership(db: Db, membershipId: number, userId: number): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ user_id: userId, updated_at: db.fn.now() });
}

/** The account-side details of a membership: title, role, permissions and which numbers it sees. */
export async function updateMembership(
  db: Db,
  membershipId: number,
  values: { title?: string; role?: Role; permissions?: string[]; account_scope?: 'all' | 'assigned' },
): Promise<void> {
  await db('memberships')
    .where({ id: membershipId })
    .update({ ...values, updated_at: db.fn.now() });
}

/** Blocks the membership (by whom), or unblocks it when `blockedBy` is null. */
export async function setMembershipBlocked(db: Db, membershipId: number, blockedBy: number | null): Promise<void> {
  await db('memberships')
    .where({ id: membershipId })
    .update({
      blocked_at: blockedBy === null ? null : db.fn.now(),
      blocked_by_user_id: blockedBy,
      updated_at: db.fn.now(),
    });
}

/** Gives the membership these account numbers (ids of the same account). */
export async function insertAssignedNumbers(
  db: Db,
  membershipId: number,
  accountId: number,
  numberIds: number[],
): Promise<void> {
  if (!numberIds.length) return;
  await db('membership_account_numbers').insert(
    numberIds.map((id) => ({ membership_id: membershipId, account_number_id: id, account_id: accountId })),
  );
}

/** Adds one account number; false when the membership already had it. */
export async function addAssignedNumber(
  db: Db,
  membershipId: number,
  accountId: number,
  numberId: number,
): Promise<boolean> {
  const rows = await db('membership_account_numbers')
    .insert({ membership_id: membershipId, account_number_id: numberId, account_id: accountId })
    .onConflict(['membership_id', 'account_number_id'])
    .ignore()
    .returning('membership_id');
  return rows.length > 0;
}

export async function removeAssignedNumber(db: Db, membershipId: number, numberId: number): Promise<void> {
  await db('membership_account_numbers').where({ membership_id: membershipId, account_number_id: numberId }).delete();
}

export async function removeAllAssignedNumbers(db: Db, membershipId: number): Promise<void> {
  await db('membership_account_numbers').where({ membership_id: membershipId }).delete();
}

/** The page a member lands on after signing in; null means the dashboard. */
export async function setDefaultApp(db: Db, membershipId: number, defaultApp: string | null): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ default_app: defaultApp });
}

/**
 * Who signs in to the account now (accepted, not blocked): how many people, and the owner's name when
 * the owner is one of them. What suspending or closing it takes away.
 */
export async function peopleWithAccess(db: Db, accountId: number): Promise<{ count: number; owner: string | null }> {
  const row = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', accountId)
    .whereNotNull('m.accepted_at')
    .whereNull('m.blocked_at')
    .first(
      db.raw('count(*)::int AS count'),
      db.raw("max(CASE WHEN m.role = 'owner' THEN u.first_name || ' ' || u.last_name END) AS owner"),
    );
  return { count: row?.count ?? 0, owner: row?.owner ?? null };
}
