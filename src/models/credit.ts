import type { Db } from '../db/knex';
import { centsFrom } from '../domain/money';
import { keysetPage, type Cursor, type Page } from './pagination';

/**
 * The credit ledger. The balance is the sum of an account's entries, nothing else; PostgreSQL
 * refuses an entry that would take it below zero unless the account allows prepay (trigger
 * credit_entries_balance, which locks the account's row first).
 */
export interface CreditEntry {
  id: number;
  amount_cents: number;
  currency: string;
  note: string;
  reference: string | null;
  created_at: Date;
  actor_name: string | null;
}

/** One entry as it was written: what the API answers with, on the first post and on a repeat. */
export interface LedgerEntry {
  id: number;
  amount_cents: number;
  currency: string;
  note: string;
  reference: string | null;
  created_at: Date;
}

const ENTRY_COLUMNS = ['id', 'amount_cents', 'currency', 'note', 'reference', 'created_at'];

export async function addCreditEntry(
  trx: Db,
  entry: {
    accountId: number;
    amountCents: number;
    note: string;
    actorUserId: number | null;
    reference?: string | null;
  },
): Promise<LedgerEntry> {
  const [row] = await trx('credit_entries')
    .insert({
      account_id: entry.accountId,
      amount_cents: entry.amountCents,
      note: entry.note,
      actor_user_id: entry.actorUserId,
      reference: entry.reference ?? null,
    })
    .returning(ENTRY_COLUMNS);
  return row as LedgerEntry;
}

/** The entry an account's ledger holds under a reference (unique per account), if any. */
export async function findEntryByReference(
  db: Db,
  accountId: number,
  reference: string,
): Promise<LedgerEntry | undefined> {
  return db('credit_entries').where({ account_id: accountId, reference }).first(ENTRY_COLUMNS);
}

/** The error PostgreSQL raises when a reference is already in the account's ledger. */
export function isReferenceTaken(err: unknown): boolean {
  return (err as { constraint?: unknown })?.constraint === 'credit_entries_reference_key';
}

export async function balanceOf(db: Db, accountId: number): Promise<number> {
  const row = await db('credit_entries')
    .where({ account_id: accountId })
    .first(db.raw('coalesce(sum(amount_cents), 0)::bigint AS balance'));
  return centsFrom(row?.balance);
}

/** The latest entries, newest first, with who made them. */
export async function recentEntries(db: Db, accountId: number, limit = 5): Promise<CreditEntry[]> {
  return db('credit_entries as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .where('e.account_id', accountId)
    .orderBy([
      { column: 'e.created_at', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(limit)
    .select(
      'e.id',
      'e.amount_cents',
      'e.currency',
      'e.note',
      'e.reference',
      'e.created_at',
      db.raw("u.first_name || ' ' || u.last_name AS actor_name"),
    );
}

/** The error PostgreSQL raises when an entry would take a balance below zero without prepay. */
export function isBalanceRefusal(err: unknown): boolean {
  return (err as { constraint?: unknown })?.constraint === 'credit_entries_balance_not_negative';
}

export interface LedgerRow extends CreditEntry {
  actor_email: string | null;
}

/** The whole ledger of an account, newest first, a page at a time (keyset on id); `size` for the API's `limit`. */
export async function ledgerPage(db: Db, accountId: number, cursor: Cursor, size?: number): Promise<Page<LedgerRow>> {
  const query = db('credit_entries as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .where('e.account_id', accountId)
    .select(
      'e.id',
      'e.amount_cents',
      'e.currency',
      'e.note',
      'e.reference',
      'e.created_at',
      db.raw("u.first_name || ' ' || u.last_name AS actor_name"),
      'u.email as actor_email',
    );
  return keysetPage<LedgerRow>(query, {
    columns: ['e.id'],
    direction: 'desc',
    anchor: (id) => db('credit_entries').where({ id, account_id: accountId }).select('id'),
    cursor,
    size,
  });
}
