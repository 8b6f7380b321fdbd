import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/knex';
import { hashSecret } from '../../src/services/passwords';
import type { Role, Section } from '../../src/permissions';

export const TEST_PASSWORD = 'correct horse battery staple';
const ALL: Section[] = [
  'profile',
  'contacts',
  'users',
  'services',
  'invoices',
  'tickets',
  'emails',
  'support_contacts',
  'telephony',
];

let passwordHash: Promise<string> | undefined;
/** bcrypt at cost 12 takes a quarter second: hash the shared test password once per file. */
function testPasswordHash(): Promise<string> {
  passwordHash ??= hashSecret(TEST_PASSWORD);
  return passwordHash;
}

const unique = () => randomBytes(4).toString('hex');

export async function createAccount(
  db: Db,
  values: {
    kind?: 'platform' | 'reseller' | 'customer';
    name?: string;
    parentId?: number | null;
    sections?: Section[];
  } = {},
): Promise<number> {
  const kind = values.kind ?? 'customer';
  let parentId = values.parentId ?? null;
  if (kind !== 'platform' && parentId === null) parentId = await createAccount(db, { kind: 'platform' });
  // A child's realm is one label and its parent's realm (the realm rule, enforced by PostgreSQL).
  const parent: { realm: string } | undefined =
    kind === 'platform' ? undefined : await db('accounts').where({ id: parentId }).first('realm');
  const parentRealm = parent?.realm ?? null;
  const [row] = await db('accounts')
    .insert({
      kind,
      parent_id: kind === 'platform' ? null : parentId,
      name: values.name ?? `Cuenta ${unique()}`,
      realm: parentRealm ? `${unique()}.${parentRealm}` : `${unique()}a${unique()}.test`,
      enabled_sections: values.sections ?? ALL,
    })
    .returning('id');
  return (row as { id: number }).id;
}

export async function createUser(
  db: Db,
  values: { email?: string; firstName?: string; password?: string | null } = {},
): Promise<{ id: number; email: string }> {
  const email = values.email ?? `persona-${unique()}@example.test`;
  const password_hash =
    values.password === null ? null : values.password ? await hashSecret(values.password) : await testPasswordHash();
  const [row] = await db('users')
    .insert({ email, first_name: values.firstName ?? 'Prueba', last_name: 'Usuario', password_hash })
    .returning('id');
  return { id: (row as { id: number }).id, email };
}

export async function createMembership(
  db: Db,
  userId: number,
  accountId: number,
  values: { role?: Role; permissions?: Section[]; blocked?: boolean; scope?: 'all' | 'assigned' } = {},
): Promise<number> {
  const [row] = await db('memberships')
    .insert({
      user_id: userId,
      account_id: accountId,
      role: values.role ?? 'member',
      permissions: values.permissions ?? [],
      account_scope: values.scope ?? 'all',
      accepted_at: db.fn.now(),
      blocked_at: values.blocked ? db.fn.now() : null,
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** A user who belongs to a new customer account with the given role. */
export async function createMember(
  db: Db,
  values: { role?: Role; permissions?: Section[]; accountId?: number; firstName?: string; email?: string } = {},
) {
  const accountId = values.accountId ?? (await createAccount(db));
  const user = await createUser(db, { firstName: values.firstName, email: values.email });
  const membershipId = await createMembership(db, user.id, accountId, {
    role: values.role ?? 'owner',
    permissions: values.permissions,
  });
  return { ...user, accountId, membershipId };
}

/** A billing account number of the account, unique across the database. */
export async function createAccountNumber(db: Db, accountId: number): Promise<string> {
  const number = String(100_000_000 + Math.floor(Math.random() * 899_999_999)) + String(Math.floor(Math.random() * 10));
  await db('account_numbers').insert({ account_id: accountId, number });
  return number;
}

// --- Accounts Manager (issue 9): resellers with a trunk pool, their partners and customers, platform staff ---

type TrunkCounts = { inbound: number; outbound: number; twoway: number };

/** A reseller under a platform (a new one unless given), with its trunk pool and a partner (its owner). */
export async function createReseller(
  db: Db,
  values: { name?: string; platformId?: number; pool?: TrunkCounts; sections?: Section[]; firstName?: string } = {},
) {
  const platformId = values.platformId ?? (await createAccount(db, { kind: 'platform', sections: [] }));
  const resellerId = await createAccount(db, {
    kind: 'reseller',
    parentId: platformId,
    name: values.name,
    sections: values.sections,
  });
  const pool = values.pool ?? { inbound: 50, outbound: 50, twoway: 20 };
  await db('accounts').where({ id: resellerId }).update({
    pool_inbound_trunks: pool.inbound,
    pool_outbound_trunks: pool.outbound,
    pool_twoway_trunks: pool.twoway,
  });
  const partner = await createMember(db, { role: 'owner', accountId: resellerId, firstName: values.firstName });
  return { platformId, resellerId, partner };
}

/** A customer account of a reseller, holding trunks from its pool. */
export async function createCustomerOf(
  db: Db,
  resellerId: number,
  values: { name?: string; trunks?: TrunkCounts; createdBy?: number } = {},
): Promise<number> {
  const accountId = await createAccount(db, { parentId: resellerId, name: values.name });
  const trunks = values.trunks ?? { inbound: 0, outbound: 0, twoway: 0 };
  await db('accounts')
    .where({ id: accountId })
    .update({
      inbound_trunks: trunks.inbound,
      outbound_trunks: trunks.outbound,
      twoway_trunks: trunks.twoway,
      created_by_user_id: values.createdBy ?? null,
    });
  return accountId;
}

/** Someone of the platform's staff: `owner`/`admin` are platform admins, `member` a helpdesk agent. */
export async function createPlatformStaff(db: Db, platformId: number, role: Role) {
  return createMember(db, { role, accountId: platformId });
}
