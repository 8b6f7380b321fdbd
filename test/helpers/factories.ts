import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../src/db/knex';
import { hashSecret } from '../../src/services/passwords';
import { saveAnswers } from '../../src/services/security-questions';
import { type QuestionKey } from '../../src/domain/security-questions';
import { effectiveSections, SECTIONS, type Role, type Section } from '../../src/domain/permissions';
import type { MemberUser } from '../../src/current-user';
import type { AuditAction } from '../../src/domain/audit-actions';
import { encryptSecret, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from '../../src/services/two-factor';
import { poolColumns, trunkColumns } from '../../src/models/trunk-pool';
import { testConfig } from './app';

export const TEST_PASSWORD = 'correct horse battery staple';

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
    /** The first label of a child's realm (random unless given). */
    label?: string;
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
      realm: parentRealm ? `${values.label ?? unique()}.${parentRealm}` : `${unique()}a${unique()}.test`,
      enabled_sections: values.sections ?? [...SECTIONS],
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

// --- Account hub (users, invitations, activity) -------------------------------------------------

/** Someone invited to the account who has not registered yet: no password, membership not accepted. */
export async function createInvitedUser(
  db: Db,
  accountId: number,
  values: { role?: Exclude<Role, 'owner'>; permissions?: Section[]; email?: string; firstName?: string } = {},
): Promise<{ id: number; email: string; membershipId: number }> {
  const user = await createUser(db, { email: values.email, firstName: values.firstName, password: null });
  const [row] = await db('memberships')
    .insert({
      user_id: user.id,
      account_id: accountId,
      role: values.role ?? 'member',
      permissions: values.permissions ?? [],
      invited_at: db.fn.now(),
      accepted_at: null,
    })
    .returning('id');
  return { ...user, membershipId: (row as { id: number }).id };
}

/** Audit events of the account, in this order (ids ascending), as recordAudit would write them. */
export async function createAuditEvents(
  db: Db,
  accountId: number,
  events: {
    action: AuditAction;
    actorUserId?: number;
    metadata?: Record<string, string>;
    createdAt?: string;
    changes?: { field: string; before: unknown; after: unknown }[];
    failed?: string;
  }[],
): Promise<void> {
  await db('audit_events').insert(
    events.map((e) => ({
      account_id: accountId,
      action: e.action,
      actor_user_id: e.actorUserId ?? null,
      metadata: JSON.stringify(e.metadata ?? {}),
      changes: JSON.stringify(e.changes ?? []),
      ...(e.failed ? { outcome: 'failed', reason: e.failed } : {}),
      ...(e.createdAt ? { created_at: e.createdAt } : {}),
    })),
  );
}

// ---- Sign-in, recovery and own settings (auth) -------------------------------------------------

/**
 * A rate-limit window as if `hits` had been counted: it ends in `resetInSeconds` (negative: it has
 * already ended). Replaces the counter if there is one.
 */
export async function createRateLimit(
  db: Db,
  key: string,
  values: { hits: number; resetInSeconds: number },
): Promise<void> {
  await db('rate_limits')
    .insert({ key, hits: values.hits, reset_at: db.raw('now() + make_interval(secs => ?)', [values.resetInSeconds]) })
    .onConflict('key')
    .merge();
}

export const TEST_ANSWERS = [
  { question: 'first_pet', answer: 'Firulais' },
  { question: 'first_school', answer: 'Benito Juárez' },
  { question: 'street_grew_up', answer: 'Insurgentes Sur' },
] as const;

/** Three security questions with their answers (hashed as registration saves them). */
export async function createSecurityAnswers(
  db: Db,
  userId: number,
  answers: readonly { question: QuestionKey; answer: string }[] = TEST_ANSWERS,
): Promise<void> {
  await saveAnswers(db, userId, [...answers]);
}

// ——— Tickets, helpdesk and inbound mail (test/requests/tickets, helpdesk, inbound-mail; test/unit/ticket*) ———

/** A contact on file, authorized unless told otherwise (e.g. 'unverified': known only from an e-mail). */
export async function createContactRow(
  db: Db,
  accountId: number,
  values: {
    email?: string;
    firstName?: string;
    lastName?: string;
    status?: 'authorized' | 'unverified' | 'rejected';
    emailTypes?: string[];
  } = {},
): Promise<{ id: number; email: string }> {
  const email = values.email ?? `contacto-${unique()}@example.test`;
  const [row] = await db('contacts')
    .insert({
      account_id: accountId,
      first_name: values.firstName ?? 'Contacto',
      last_name: values.lastName ?? 'Prueba',
      email,
      authorization_status: values.status ?? 'authorized',
      email_types: values.emailTypes ?? [],
    })
    .returning('id');
  return { id: (row as { id: number }).id, email };
}

/** Limits a member to some of the account's numbers (account scope 'assigned'). */
export async function limitMemberToNumbers(db: Db, membershipId: number, numbers: string[]): Promise<void> {
  await db('memberships').where({ id: membershipId }).update({ account_scope: 'assigned' });
  const rows: { id: number; account_id: number }[] = await db('account_numbers')
    .whereIn('number', numbers)
    .select('id', 'account_id');
  if (rows.length)
    await db('membership_account_numbers').insert(
      rows.map((r) => ({ membership_id: membershipId, account_number_id: r.id, account_id: r.account_id })),
    );
}

/** A support contact of the account: a partner (by user id) or a plain address. */
export async function createSupportContactRow(
  db: Db,
  accountId: number,
  values: { partnerUserId: number } | { email: string },
): Promise<void> {
  await db('support_contacts').insert(
    'partnerUserId' in values
      ? { account_id: accountId, partner_user_id: values.partnerUserId }
      : { account_id: accountId, email: values.email },
  );
}

let ticketSequence = 0;
/**
 * A ticket with its first message, written straight to the tables (no e-mail): for lists and
 * queues. Tickets opened through the portal or by e-mail are made by posting, as users do.
 */
export async function createTicketRow(
  db: Db,
  values: {
    accountId: number;
    requesterEmail: string;
    openedByUserId?: number | null;
    accountNumber?: string;
    subject?: string;
    department?: 'support' | 'billing' | 'sales';
    status?: 'open' | 'answered' | 'customer_reply' | 'on_hold' | 'closed';
    lastReplyAt?: Date;
    /** The public number (random six digits unless given). */
    number?: string;
  },
): Promise<{ id: number; number: string }> {
  const accountNumber = values.accountNumber
    ? await db('account_numbers').where({ number: values.accountNumber }).first('id')
    : undefined;
  for (;;) {
    const number = values.number ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    const [row] = await db('tickets')
      .insert({
        account_id: values.accountId,
        number,
        subject: values.subject ?? `Ticket ${++ticketSequence}`,
        department: values.department ?? 'support',
        priority: 'medium',
        status: values.status ?? 'open',
        account_number_id: accountNumber?.id ?? null,
        opened_by_user_id: values.openedByUserId ?? null,
        requester_email: values.requesterEmail,
        last_reply_at: values.lastReplyAt ?? db.fn.now(),
      })
      .onConflict('number')
      .ignore()
      .returning('id');
    if (!row) continue;
    const id = (row as { id: number }).id;
    await db('ticket_messages').insert({
      ticket_id: id,
      author_user_id: values.openedByUserId ?? null,
      author_email: values.requesterEmail,
      author_name: '',
      author_kind: 'customer',
      body: 'Primer mensaje',
      source: 'portal',
    });
    return { id, number };
  }
}

/** The realm of an account. */
export async function realmOf(db: Db, accountId: number): Promise<string> {
  const account: { realm: string } = await db('accounts').where({ id: accountId }).first('realm');
  return account.realm;
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
    sections: effectiveSections(role, permissions, values.enabled ?? SECTIONS),
    activeMemberships: 1,
  };
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
  await db('accounts').where({ id: resellerId }).update(poolColumns(pool));
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
    .update({ ...trunkColumns(trunks), created_by_user_id: values.createdBy ?? null });
  return accountId;
}

/** Someone of the platform's staff: `owner`/`admin` are platform admins, `member` a helpdesk agent. */
export async function createPlatformStaff(db: Db, platformId: number, role: Role) {
  return createMember(db, { role, accountId: platformId });
}

// --- Accounts Manager, after creation (issue 9: edit, credit, status, users, support contacts) ---

/** Puts an account in a state directly (the services do it with their audit trail; tests of other rules need the row). */
export async function setAccountStatusRow(
  db: Db,
  accountId: number,
  status: 'active' | 'suspended' | 'closed',
): Promise<void> {
  await db('accounts').where({ id: accountId }).update({ status });
}

/** Lets the account's balance go below zero ("bypass"). */
export async function allowPrepay(db: Db, accountId: number): Promise<void> {
  await db('accounts').where({ id: accountId }).update({ allow_prepay: true });
}

/** A complete edit form of the Accounts Manager (POST /manager/accounts/:id/edit), with overrides. */
export function accountSettingsBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ABC Company',
    timezone: 'America/Mexico_City',
    locale: 'es',
    inbound_trunks: '5',
    outbound_trunks: '5',
    twoway_trunks: '2',
    restrictions: {
      tollfree_us: 'allow',
      toll_us: 'allow',
      emergency: 'allow',
      caribbean: 'deny',
      did_us: 'allow',
      international: 'deny',
      unknown: 'deny',
    },
    sections: ['tickets', 'users', 'support_contacts', 'telephony'],
    ...overrides,
  };
}

/** A partner or platform admin as a request would carry them, read from the database (service tests). */
export async function managerUserFor(db: Db, userId: number, accountId: number): Promise<MemberUser> {
  const user = await db('users').where({ id: userId }).first();
  const membership = await db('memberships').where({ user_id: userId, account_id: accountId }).first();
  const account = await db('accounts').where({ id: accountId }).first();
  return {
    id: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: membership.id, role: membership.role, permissions: [], accountScope: 'all', defaultApp: null },
    account: { id: account.id, kind: account.kind, name: account.name, realm: account.realm },
    sections: effectiveSections(membership.role, [], account.enabled_sections),
    activeMemberships: 1,
  };
}

// ---- Two-factor sign-in (test/requests/two-factor, test/unit/two-factor*) ----------------------

/**
 * Turns on a user's second factor as confirming the set-up would: the secret encrypted with the
 * test SESSION_SECRET, ten recovery codes stored hashed. Returns what the user would hold.
 */
export async function createTwoFactor(
  db: Db,
  userId: number,
  values: { lastUsedStep?: number | null } = {},
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = newTotpSecret();
  const recoveryCodes = newRecoveryCodes();
  await db('two_factor_credentials').insert({
    user_id: userId,
    secret_ciphertext: encryptSecret(testConfig().sessionSecret, secret),
    enabled_at: db.fn.now(),
    last_used_step: values.lastUsedStep ?? null,
  });
  await db('two_factor_recovery_codes').insert(
    recoveryCodes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })),
  );
  return { secret, recoveryCodes };
}

// ---------------------------------------------------------------------------------------------
// Faults: mail in the outbox in a given state (test/requests/mail-delivery)
// ---------------------------------------------------------------------------------------------

export async function createOutboxMessage(
  db: Db,
  values: {
    accountId?: number | null;
    to?: string;
    subject?: string;
    status?: 'pending' | 'sending' | 'sent' | 'failed';
    attempts?: number;
    lastError?: string;
    ageMinutes?: number;
  } = {},
): Promise<number> {
  const created = new Date(Date.now() - (values.ageMinutes ?? 0) * 60_000);
  const [row] = await db('mail_outbox')
    .insert({
      account_id: values.accountId ?? null,
      category: 'account',
      template: 'invitation',
      to_addresses: [values.to ?? `persona-${unique()}@example.test`],
      subject: values.subject ?? `Asunto ${unique()}`,
      text_body: 'Hola',
      message_id: `<m-${unique()}@cuentas.test>`,
      status: values.status ?? 'pending',
      attempts: values.attempts ?? 0,
      last_error: values.lastError ?? '',
      sent_at: values.status === 'sent' ? created : null,
      created_at: created,
      next_attempt_at: new Date(Date.now() + 3600_000),
    })
    .returning('id');
  return (row as { id: number }).id;
}

// ---- Scale-out (test/unit/housekeeping) --------------------------------------------------------

/** A stored session row as connect-pg-simple writes it, expiring in `expiresInSeconds` (negative: expired). */
export async function createSessionRow(
  db: Db,
  sid: string,
  expiresInSeconds: number,
  sess: Record<string, unknown> = {},
): Promise<void> {
  await db('session').insert({
    sid,
    sess: JSON.stringify({ cookie: { path: '/' }, ...sess }),
    expire: db.raw('now() + make_interval(secs => ?)', [expiresInSeconds]),
  });
}
