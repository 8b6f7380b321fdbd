import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/knex';
import { hashSecret } from '../../src/services/passwords';
import { effectiveSections, type Role, type Section } from '../../src/permissions';
import type { MemberUser } from '../../src/current-user';

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
  const [row] = await db('accounts')
    .insert({
      kind,
      parent_id: kind === 'platform' ? null : parentId,
      name: values.name ?? `Cuenta ${unique()}`,
      realm: `${unique()}a${unique()}.test`.slice(0, 63),
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

// ---------------------------------------------------------------------------------------------
// Contacts, support contacts, company, services, invoices (contacts/sections area)
// ---------------------------------------------------------------------------------------------

export interface ContactValues {
  userId?: number | null;
  firstName?: string;
  lastName?: string;
  email?: string;
  emailTypes?: string[];
  authorization?: 'authorized' | 'unverified' | 'rejected';
}

/** A contact of the account (a sub-account when `userId` names a member of it). */
export async function createContact(db: Db, accountId: number, values: ContactValues = {}): Promise<number> {
  const [row] = await db('contacts')
    .insert({
      account_id: accountId,
      user_id: values.userId ?? null,
      first_name: values.firstName ?? 'Persona',
      last_name: values.lastName ?? 'Contacto',
      email: values.email ?? `contacto-${unique()}@example.test`,
      email_types: values.emailTypes ?? [],
      authorization_status: values.authorization ?? 'authorized',
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** Many contacts at once (list pages), one insert. */
export async function createContacts(db: Db, accountId: number, list: ContactValues[]): Promise<void> {
  await db('contacts').insert(
    list.map((values) => ({
      account_id: accountId,
      user_id: values.userId ?? null,
      first_name: values.firstName ?? 'Persona',
      last_name: values.lastName ?? 'Contacto',
      email: values.email ?? `contacto-${unique()}@example.test`,
      email_types: values.emailTypes ?? [],
      authorization_status: values.authorization ?? 'authorized',
    })),
  );
}

/** A support contact of the account: a partner (user id) or a plain address. */
export async function createSupportContact(
  db: Db,
  accountId: number,
  target: { partnerUserId: number } | { email: string },
): Promise<number> {
  const [row] = await db('support_contacts')
    .insert({
      account_id: accountId,
      ...('partnerUserId' in target ? { partner_user_id: target.partnerUserId } : { email: target.email }),
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** Records who created an account (seed 002: a partner, or not). */
export async function setAccountCreator(db: Db, accountId: number, userId: number): Promise<void> {
  await db('accounts').where({ id: accountId }).update({ created_by_user_id: userId });
}

/** Telephony settings of an account (Información de la cuenta). */
export async function setTelephony(
  db: Db,
  accountId: number,
  values: { inboundTrunks?: number; timeZone?: string },
): Promise<void> {
  await db('accounts')
    .where({ id: accountId })
    .update({
      ...(values.inboundTrunks !== undefined ? { inbound_trunks: values.inboundTrunks } : {}),
      ...(values.timeZone !== undefined ? { time_zone: values.timeZone } : {}),
    });
}

export async function createCreditEntry(db: Db, accountId: number, amountCents: number, note: string): Promise<void> {
  await db('credit_entries').insert({ account_id: accountId, amount_cents: amountCents, note });
}

/** The id of an account number created with createAccountNumber. */
export async function accountNumberId(db: Db, number: string): Promise<number> {
  return (await db('account_numbers').where({ number }).first('id')).id as number;
}

/** Limits a member to the given account numbers. */
export async function assignAccountNumbers(
  db: Db,
  membershipId: number,
  accountId: number,
  numberIds: number[],
): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ account_scope: 'assigned' });
  await db('membership_account_numbers').insert(
    numberIds.map((id) => ({ membership_id: membershipId, account_number_id: id, account_id: accountId })),
  );
}

export async function createService(
  db: Db,
  accountId: number,
  numberId: number,
  values: { name?: string; status?: string; priceCents?: number; nextDueDate?: string | null } = {},
): Promise<number> {
  const [row] = await db('services')
    .insert({
      account_id: accountId,
      account_number_id: numberId,
      name: values.name ?? `Servicio ${unique()}`,
      status: values.status ?? 'active',
      price_cents: values.priceCents ?? 10000,
      next_due_date: values.nextDueDate ?? null,
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** An invoice with its lines; the number is unique unless given. */
export async function createInvoice(
  db: Db,
  accountId: number,
  numberId: number,
  values: {
    number?: string;
    issuedOn?: string;
    dueOn?: string;
    totalCents?: number;
    status?: string;
    items?: { description: string; amountCents: number }[];
  } = {},
): Promise<{ id: number; number: string }> {
  const number = values.number ?? `F-${unique().toUpperCase()}`;
  const [row] = await db('invoices')
    .insert({
      account_id: accountId,
      account_number_id: numberId,
      number,
      issued_on: values.issuedOn ?? '2026-11-01',
      due_on: values.dueOn ?? '2026-11-30',
      total_cents: values.totalCents ?? 11600,
      status: values.status ?? 'unpaid',
    })
    .returning('id');
  const id = (row as { id: number }).id;
  if (values.items?.length)
    await db('invoice_items').insert(
      values.items.map((item, i) => ({
        invoice_id: id,
        description: item.description,
        amount_cents: item.amountCents,
        position: i + 1,
      })),
    );
  return { id, number };
}

/**
 * The user a request would carry (src/middleware/current-user.ts), for unit tests of policies and
 * services; `sections` are what the role and permissions give within the enabled ones.
 */
export function memberUserFor(
  member: { id: number; email: string; accountId: number; membershipId: number },
  values: { role?: Role; permissions?: Section[]; enabled?: Section[]; accountName?: string } = {},
): MemberUser {
  const role = values.role ?? 'owner';
  const permissions = values.permissions ?? [];
  return {
    id: member.id,
    email: member.email,
    firstName: 'Prueba',
    lastName: 'Usuario',
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: member.membershipId, role, permissions, accountScope: 'all', defaultApp: null },
    account: {
      id: member.accountId,
      kind: 'customer',
      name: values.accountName ?? 'Cuenta de prueba',
      realm: 'x.test',
    },
    sections: effectiveSections(role, permissions, values.enabled ?? ALL),
    activeMemberships: 1,
  };
}
