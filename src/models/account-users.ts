import type { Db } from '../db/knex';
import type { Locale } from '../i18n';
import type { Role } from '../domain/permissions';

export type UserStatus = 'active' | 'invited' | 'blocked';

export interface AccountUser {
  membership_id: number;
  user_id: number;
  account_id: number;
  email: string;
  first_name: string;
  last_name: string;
  department: string;
  employee_number: string;
  title: string;
  role: Role;
  permissions: string[];
  account_scope: 'all' | 'assigned';
  registered: boolean;
  invited_at: Date | null;
  accepted_at: Date | null;
  blocked_at: Date | null;
  last_login_at: Date | null;
  other_memberships: number;
  assigned_numbers: number;
  status: UserStatus;
  /** Their second factor is on (two-factor sign-in). */
  two_factor: boolean;
}

function baseQuery(db: Db, accountId: number) {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.account_id', accountId)
    .select(
      'm.id as membership_id',
      'u.id as user_id',
      'm.account_id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.department',
      'u.employee_number',
      'm.title',
      'm.role',
      'm.permissions',
      'm.account_scope',
      'm.invited_at',
      'm.accepted_at',
      'm.blocked_at',
      'u.last_login_at',
      db.raw('u.password_hash IS NOT NULL AS registered'),
      db.raw(
        '(SELECT count(*) FROM memberships o WHERE o.user_id = u.id AND o.account_id <> m.account_id)::int AS other_memberships',
      ),
      db.raw(
        '(SELECT count(*) FROM membership_account_numbers n WHERE n.membership_id = m.id)::int AS assigned_numbers',
      ),
      db.raw(
        `CASE WHEN m.blocked_at IS NOT NULL THEN 'blocked' WHEN m.accepted_at IS NULL THEN 'invited' ELSE 'active' END AS status`,
      ),
      db.raw(
        'EXISTS (SELECT 1 FROM two_factor_credentials f WHERE f.user_id = u.id AND f.enabled_at IS NOT NULL) AS two_factor',
      ),
    );
}

/** The account's portal users by name as the list shows it (first, then last), optionally of one status. */
export async function listAccountUsers(
  db: Db,
  accountId: number,
  status: UserStatus | null = null,
  order: 'name' | 'role' = 'name',
): Promise<AccountUser[]> {
  const query = baseQuery(db, accountId);
  if (status === 'blocked') void query.whereNotNull('m.blocked_at');
  if (status === 'invited') void query.whereNull('m.blocked_at').whereNull('m.accepted_at');
  if (status === 'active') void query.whereNull('m.blocked_at').whereNotNull('m.accepted_at');
  // The integration API lists the owner first (its contract); the pages list everyone by name.
  if (order === 'role') void query.orderByRaw("CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END");
  return query.orderByRaw('lower(u.first_name), lower(u.last_name), m.id') as Promise<AccountUser[]>;
}

/** One user of this account by membership id; another account's id is simply not found. */
export async function findAccountUser(
  db: Db,
  accountId: number,
  membershipId: number,
): Promise<AccountUser | undefined> {
  if (!Number.isSafeInteger(membershipId) || membershipId <= 0) return undefined;
  return baseQuery(db, accountId).where('m.id', membershipId).first() as Promise<AccountUser | undefined>;
}

export interface AccountNumber {
  id: number;
  number: string;
  label: string;
}

/** One of the membership's assigned numbers, by account number id. */
export async function findAssignedNumber(
  db: Db,
  membershipId: number,
  numberId: number,
): Promise<AccountNumber | undefined> {
  if (!Number.isSafeInteger(numberId) || numberId <= 0) return undefined;
  return db('membership_account_numbers as x')
    .join('account_numbers as n', 'n.id', 'x.account_number_id')
    .where({ 'x.membership_id': membershipId, 'x.account_number_id': numberId })
    .first('n.id', 'n.number', 'n.label');
}

export async function assignedNumbersOf(db: Db, membershipId: number): Promise<AccountNumber[]> {
  return db('membership_account_numbers as x')
    .join('account_numbers as n', 'n.id', 'x.account_number_id')
    .where('x.membership_id', membershipId)
    .orderBy('n.number')
    .select('n.id', 'n.number', 'n.label');
}

/**
 * Numbers typed by a person ("100200300, 100200301"), resolved within the account only: the open
 * ones, the ones the billing system closed (no longer assignable), and those the account lacks.
 */
export async function resolveAccountNumbers(
  db: Db,
  accountId: number,
  typed: string[],
): Promise<{ found: AccountNumber[]; closed: string[]; unknown: string[] }> {
  if (!typed.length) return { found: [], closed: [], unknown: [] };
  const rows: (AccountNumber & { status: 'active' | 'closed' })[] = await db('account_numbers')
    .where({ account_id: accountId })
    .whereIn('number', typed)
    .select('id', 'number', 'label', 'status');
  const known = new Set(rows.map((n) => n.number));
  return {
    found: rows.filter((n) => n.status !== 'closed').map(({ id, number, label }) => ({ id, number, label })),
    closed: rows.filter((n) => n.status === 'closed').map((n) => n.number),
    unknown: typed.filter((n) => !known.has(n)),
  };
}

// Writes behind Administrar usuarios. A portal user is a global login (users), its place in the
// account (memberships, in models/memberships.ts) and a contact of the account (contacts).

/** Whether the address is someone's login (other than `exceptUserId`). */
export async function emailInUse(db: Db, email: string, exceptUserId?: number): Promise<boolean> {
  const query = db('users').where({ email });
  if (exceptUserId !== undefined) query.whereNot({ id: exceptUserId });
  return (await query.first('id')) !== undefined;
}

export interface LockedLogin {
  id: number;
  email: string;
  password_hash: string | null;
  locale: 'es' | 'en';
  first_name: string;
  /** How many other accounts the login belongs to (invited or accepted) besides the one asked about. */
  other_accounts: number;
}

/**
 * A login, locked until the transaction ends, so that correcting its address and another account's
 * invitation to it never interleave; `other_accounts` counts the accounts other than `accountId`.
 */
export async function lockLogin(db: Db, userId: number, accountId: number): Promise<LockedLogin | undefined> {
  const result = await db.raw<{ rows: LockedLogin[] }>(
    `SELECT u.id, u.email, u.password_hash, u.locale, u.first_name,
            (SELECT count(*) FROM memberships o WHERE o.user_id = u.id AND o.account_id <> :accountId)::int AS other_accounts
       FROM users u WHERE u.id = :userId FOR UPDATE OF u`,
    { userId, accountId },
  );
  return result.rows[0];
}

/** The login with this address, locked as lockLogin does; undefined when nobody has it. */
export async function lockLoginByEmail(
  db: Db,
  email: string,
): Promise<Omit<LockedLogin, 'other_accounts'> | undefined> {
  return db('users').where({ email }).forUpdate().first('id', 'email', 'password_hash', 'locale', 'first_name');
}

/**
 * The person's contact record in the account follows their membership to another login (a pending
 * invitation re-addressed); when the account already has a contact with the new address, that one
 * becomes theirs and the old record stays on file, unlinked.
 */
export async function moveUserContact(
  db: Db,
  accountId: number,
  fromUserId: number,
  toUserId: number,
  values: { first_name: string; last_name: string; email: string },
): Promise<void> {
  const existing = await db('contacts').where({ account_id: accountId, email: values.email }).first('id');
  if (existing) {
    await db('contacts')
      .where({ account_id: accountId, user_id: fromUserId })
      .update({ user_id: null, updated_at: db.fn.now() });
    await db('contacts')
      .where({ id: (existing as { id: number }).id })
      .update({ user_id: toUserId, authorization_status: 'authorized', updated_at: db.fn.now() });
    return;
  }
  const moved = await db('contacts')
    .where({ account_id: accountId, user_id: fromUserId })
    .update({ user_id: toUserId, email: values.email, updated_at: db.fn.now() });
  if (!moved) await upsertUserContact(db, accountId, toUserId, values);
}

/** A login for someone invited by e-mail (no password until they register). */
export async function insertLogin(
  db: Db,
  values: { email: string; first_name: string; last_name: string; locale: Locale },
): Promise<{ id: number; password_hash: string | null; locale: Locale; first_name: string }> {
  const [row] = await db('users').insert(values).returning(['id', 'password_hash', 'locale', 'first_name']);
  return row;
}

/** The login's name, department or address. */
export async function updateLogin(
  db: Db,
  userId: number,
  values: { first_name?: string; last_name?: string; department?: string; email?: string },
): Promise<void> {
  await db('users')
    .where({ id: userId })
    .update({ ...values, updated_at: db.fn.now() });
}

/** Keeps the user's contact record in this account in step with their login. */
export async function updateUserContact(
  db: Db,
  accountId: number,
  userId: number,
  values: { first_name?: string; last_name?: string; email?: string },
): Promise<void> {
  await db('contacts')
    .where({ account_id: accountId, user_id: userId })
    .update({ ...values, updated_at: db.fn.now() });
}

/** The new user as an authorized contact of the account (an existing contact with the address becomes theirs). */
export async function upsertUserContact(
  db: Db,
  accountId: number,
  userId: number,
  values: { first_name: string; last_name: string; email: string; phone?: string },
): Promise<void> {
  await db('contacts')
    .insert({
      account_id: accountId,
      user_id: userId,
      ...values,
      email_types: ['general'],
      authorization_status: 'authorized',
    })
    .onConflict(['account_id', 'email'])
    .merge({ user_id: userId, authorization_status: 'authorized' });
}

/** Password reset links of the login not used yet stop working. */
export async function revokeOpenPasswordResets(db: Db, userId: number): Promise<void> {
  await db('password_resets')
    .where({ user_id: userId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
}
