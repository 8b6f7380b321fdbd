import type { AccountKind } from '../domain/account-kinds';
import type { Knex } from 'knex';
import { prepared, type Db } from '../db/knex';
import type { Section } from '../domain/permissions';
import { escapeLike } from './helpdesk';
import { poolColumns, trunkColumns, type Trunks } from './trunk-pool';
import { keysetPage, type Cursor, type Page } from './pagination';

export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const CLASSIFIERS = [
  'tollfree_us',
  'toll_us',
  'emergency',
  'caribbean',
  'did_us',
  'international',
  'unknown',
] as const;
export type Classifier = (typeof CLASSIFIERS)[number];
export type CallRestrictions = Record<Classifier, 'allow' | 'deny'>;

/** What a new account starts with (the column default of the accounts table). */
export const DEFAULT_RESTRICTIONS: CallRestrictions = {
  tollfree_us: 'allow',
  toll_us: 'allow',
  emergency: 'allow',
  caribbean: 'deny',
  did_us: 'allow',
  international: 'deny',
  unknown: 'deny',
};

/** An account below the user's, with what the managed-accounts policy needs. */
export interface ManagedAccount {
  id: number;
  kind: AccountKind;
  parent_id: number | null;
  grandparent_id: number | null;
  name: string;
  realm: string;
  status: AccountStatus;
}

/**
 * An account that is a child of `rootId` or a child's child, else undefined: every id a manager
 * sends is looked up through this, so another reseller's account is simply not found.
 */
export async function findManagedAccount(db: Db, rootId: number, id: number): Promise<ManagedAccount | undefined> {
  // Prepared: every API call about an account starts here.
  return prepared(
    db('accounts as a')
      .join('accounts as p', 'p.id', 'a.parent_id')
      .where('a.id', id)
      .where((w) => {
        void w.where('a.parent_id', rootId).orWhere('p.parent_id', rootId);
      })
      .first('a.id', 'a.kind', 'a.parent_id', 'p.parent_id as grandparent_id', 'a.name', 'a.realm', 'a.status'),
  );
}

export interface AccountListRow {
  id: number;
  name: string;
  realm: string;
  status: AccountStatus;
  kind: AccountKind;
}

/**
 * The one account search (the Accounts Manager's and the API's `q`): accounts (`a`) whose name or
 * realm contains the term, or with a person (a login) or a contact whose e-mail does; any case.
 */
export function whereAccountMatches(db: Db, query: Knex.QueryBuilder, q: string): void {
  const term = q.trim().toLowerCase();
  if (!term) return;
  const like = `%${escapeLike(term)}%`;
  void query.where((w) => {
    void w
      .whereILike('a.name', like)
      .orWhereILike('a.realm', like)
      .orWhereExists(
        db('memberships as m')
          .join('users as u', 'u.id', 'm.user_id')
          .whereRaw('m.account_id = a.id')
          .whereILike('u.email', like),
      )
      .orWhereExists(db('contacts as c').whereRaw('c.account_id = a.id').whereILike('c.email', like));
  });
}

function childrenQuery(db: Db, parentId: number, q: string) {
  const query = db('accounts as a')
    .where('a.parent_id', parentId)
    .select('a.id', 'a.name', 'a.realm', 'a.status', 'a.kind');
  whereAccountMatches(db, query, q);
  return query;
}

/** A page of a parent's children by name, optionally only those whose name, realm or a person's e-mail matches. */
export async function childrenPage(db: Db, parentId: number, q: string, cursor: Cursor): Promise<Page<AccountListRow>> {
  // Sorted by name whatever its case: a derived column, since keysetPage sorts by column names.
  const list = db
    .from(childrenQuery(db, parentId, q).select(db.raw('lower(a.name) AS sort_name')).as('x'))
    .select('x.*');
  return keysetPage<AccountListRow>(list, {
    columns: ['x.sort_name', 'x.id'],
    direction: 'asc',
    anchor: (id) =>
      db('accounts as a').where({ 'a.id': id, 'a.parent_id': parentId }).select(db.raw('lower(a.name)'), 'a.id'),
    cursor,
  });
}

/** The child just before `id` in the list's order, to start a page at it (the selected account). */
export async function childBefore(db: Db, parentId: number, q: string, id: number): Promise<number | null> {
  const row = await childrenQuery(db, parentId, q)
    .whereRaw('(lower(a.name), a.id) < (SELECT lower(x.name), x.id FROM accounts x WHERE x.id = ?)', [id])
    .clearSelect()
    .select('a.id')
    .orderByRaw('lower(a.name) DESC, a.id DESC')
    .first();
  return row ? (row as { id: number }).id : null;
}

/** The account a wizard creates children of (the user's own account). */
export interface ParentAccount {
  id: number;
  kind: AccountKind;
  name: string;
  realm: string;
  time_zone: string;
  locale: 'es' | 'en';
  enabled_sections: Section[];
}

export async function findParentAccount(db: Db, id: number): Promise<ParentAccount> {
  return db('accounts')
    .where({ id })
    .first('id', 'kind', 'name', 'realm', 'time_zone', 'locale', 'enabled_sections') as Promise<ParentAccount>;
}

/** Everything the Accounts Manager shows of one account. */
export interface AccountDetails {
  id: number;
  kind: AccountKind;
  parent_id: number | null;
  name: string;
  realm: string;
  status: AccountStatus;
  time_zone: string;
  locale: 'es' | 'en';
  enabled_sections: Section[];
  inbound_trunks: number;
  outbound_trunks: number;
  twoway_trunks: number;
  pool_inbound_trunks: number;
  pool_outbound_trunks: number;
  pool_twoway_trunks: number;
  call_restrictions: CallRestrictions;
  allow_prepay: boolean;
  created_at: Date;
  parent_name: string | null;
  created_by_name: string | null;
  children: number;
  users: number;
}

export async function accountDetails(db: Db, id: number): Promise<AccountDetails> {
  // Prepared: every account written through the API is read back here for its answer and event.
  return prepared(
    db('accounts as a')
      .leftJoin('accounts as p', 'p.id', 'a.parent_id')
      .leftJoin('users as c', 'c.id', 'a.created_by_user_id')
      .where('a.id', id)
      .first(
        'a.id',
        'a.kind',
        'a.parent_id',
        'a.name',
        'a.realm',
        'a.status',
        'a.time_zone',
        'a.locale',
        'a.enabled_sections',
        'a.inbound_trunks',
        'a.outbound_trunks',
        'a.twoway_trunks',
        'a.pool_inbound_trunks',
        'a.pool_outbound_trunks',
        'a.pool_twoway_trunks',
        'a.call_restrictions',
        'a.allow_prepay',
        'a.created_at',
        'p.name as parent_name',
        db.raw("c.first_name || ' ' || c.last_name AS created_by_name"),
        db.raw('(SELECT count(*) FROM accounts k WHERE k.parent_id = a.id)::int AS children'),
        db.raw('(SELECT count(*) FROM memberships m WHERE m.account_id = a.id)::int AS users'),
      ),
  ) as Promise<AccountDetails>;
}

/** The account's owner (its principal user), if it has one yet. */
export async function ownerOf(
  db: Db,
  accountId: number,
): Promise<{ first_name: string; last_name: string; email: string; accepted: boolean } | undefined> {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.account_id': accountId, 'm.role': 'owner' })
    .first('u.first_name', 'u.last_name', 'u.email', db.raw('m.accepted_at IS NOT NULL AS accepted'));
}

/** Whether a child of the parent already has this name (ignoring case, as the unique index does). */
export async function siblingNameTaken(db: Db, parentId: number, name: string): Promise<boolean> {
  return Boolean(
    await prepared(
      db('accounts').where({ parent_id: parentId }).whereRaw('lower(name) = lower(?)', [name]).first('id'),
    ),
  );
}

export async function realmTaken(db: Db, realm: string): Promise<boolean> {
  return Boolean(await db('accounts').where({ realm }).first('id'));
}

export interface NewAccount {
  kind: 'reseller' | 'customer';
  parent_id: number;
  name: string;
  realm: string;
  time_zone: string;
  locale: 'es' | 'en';
  enabled_sections: Section[];
  inbound_trunks: number;
  outbound_trunks: number;
  twoway_trunks: number;
  pool_inbound_trunks: number;
  pool_outbound_trunks: number;
  pool_twoway_trunks: number;
  call_restrictions: CallRestrictions;
  allow_prepay: boolean;
  created_by_user_id: number | null;
}

/** Inserts the account; null when its realm is already taken (the caller draws another). */
export async function insertAccount(trx: Db, account: NewAccount): Promise<number | null> {
  const rows: { id: number }[] = await trx('accounts')
    .insert({ ...account, call_restrictions: JSON.stringify(account.call_restrictions) })
    .onConflict('realm')
    .ignore()
    .returning('id');
  return rows[0]?.id ?? null;
}

/** The PostgreSQL unique index on a parent's children's names. */
export const SIBLING_NAME_KEY = 'accounts_parent_name_key';

// ---- After creation: what a parent changes of an account below it (services/accounts/*) ----

/** What the Accounts Manager may change of an account, as its row holds it now. */
export type AccountSettingsRow = Omit<
  AccountDetails,
  'realm' | 'created_at' | 'parent_name' | 'created_by_name' | 'children' | 'users'
> & { parent_id: number | null };

const SETTINGS_COLUMNS = [
  'id',
  'kind',
  'parent_id',
  'name',
  'status',
  'time_zone',
  'locale',
  'enabled_sections',
  'inbound_trunks',
  'outbound_trunks',
  'twoway_trunks',
  'pool_inbound_trunks',
  'pool_outbound_trunks',
  'pool_twoway_trunks',
  'call_restrictions',
  'allow_prepay',
] as const;

/** The account's settings (the edit form's starting values). */
export async function accountSettings(db: Db, id: number): Promise<AccountSettingsRow | undefined> {
  return db('accounts')
    .where({ id })
    .first(...SETTINGS_COLUMNS) as Promise<AccountSettingsRow | undefined>;
}

/**
 * The account's settings with its row locked (FOR UPDATE) in the caller's transaction, so two
 * changes to one account are made one after the other. Lock the parent (the pool) before this.
 */
export async function lockAccount(trx: Db, id: number): Promise<AccountSettingsRow | undefined> {
  return trx('accounts')
    .where({ id })
    .forUpdate()
    .first(...SETTINGS_COLUMNS) as Promise<AccountSettingsRow | undefined>;
}

export interface AccountSettingsUpdate {
  name: string;
  time_zone: string;
  locale: 'es' | 'en';
  enabled_sections: Section[];
  call_restrictions: CallRestrictions;
  allow_prepay: boolean;
  /** A customer's allocation from its reseller's pool. */
  trunks?: Trunks;
  /** A reseller's own pool totals. */
  pool?: Trunks;
}

/** Writes the settings; PostgreSQL refuses trunks over the pool and a pool under what is allocated. */
export async function updateAccountSettings(trx: Db, id: number, values: AccountSettingsUpdate): Promise<void> {
  const { trunks, pool, call_restrictions, ...rest } = values;
  await trx('accounts')
    .where({ id })
    .update({
      ...rest,
      call_restrictions: JSON.stringify(call_restrictions),
      ...(trunks ? trunkColumns(trunks) : {}),
      ...(pool ? poolColumns(pool) : {}),
      updated_at: trx.fn.now(),
    });
}

/** Moves the account from one of `from` to `to`; false when it was in none of them (nothing changes). */
export async function setAccountStatus(
  trx: Db,
  id: number,
  from: readonly AccountStatus[],
  to: AccountStatus,
): Promise<boolean> {
  const rows = await trx('accounts')
    .where({ id })
    .whereIn('status', from)
    .update({ status: to, updated_at: trx.fn.now() })
    .returning('id');
  return rows.length > 0;
}

/** How many of the account's children are not closed (a reseller with open customers stays open). */
export async function openChildren(db: Db, id: number): Promise<number> {
  const row = await db('accounts')
    .where({ parent_id: id })
    .whereNot({ status: 'closed' })
    .first(db.raw('count(*)::int AS n'));
  return (row as { n: number } | undefined)?.n ?? 0;
}
