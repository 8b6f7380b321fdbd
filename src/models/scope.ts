import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { MemberUser } from '../current-user';

/**
 * Whose data a member sees — the one place the rule is written. Everything belongs to an account;
 * a member limited to some account numbers (scope 'assigned') sees the services, invoices and
 * tickets of those numbers only, plus the tickets they opened themselves (a ticket need not name a
 * number, and its opener always follows it). Owners and admins have scope 'all'.
 */
export interface NumberScope {
  accountId: number;
  membershipId: number;
  accountScope: 'all' | 'assigned';
}

/** The scope of tickets: the numbers, and the user who may follow the tickets they opened. */
export interface TicketScope extends NumberScope {
  userId: number;
}

export function scopeOf(current: MemberUser): TicketScope {
  return {
    accountId: current.account.id,
    membershipId: current.membership.id,
    accountScope: current.membership.accountScope,
    userId: current.id,
  };
}

/** The account numbers assigned to the scope's membership, as a subquery. */
function assignedNumbers(db: Db, scope: NumberScope): Knex.QueryBuilder {
  return db('membership_account_numbers').select('account_number_id').where({ membership_id: scope.membershipId });
}

/** Limits a query on a table with account_id and account_number_id to the scope. */
export function withinScope<T extends Knex.QueryBuilder>(db: Db, query: T, table: string, scope: NumberScope): T {
  query.where(`${table}.account_id`, scope.accountId);
  if (scope.accountScope === 'assigned') query.whereIn(`${table}.account_number_id`, assignedNumbers(db, scope));
  return query;
}

/** Limits a query on account_numbers itself to the numbers the scope holds. */
export function numbersWithinScope<T extends Knex.QueryBuilder>(
  db: Db,
  query: T,
  table: string,
  scope: NumberScope,
): T {
  query.where(`${table}.account_id`, scope.accountId);
  if (scope.accountScope === 'assigned') query.whereIn(`${table}.id`, assignedNumbers(db, scope));
  return query;
}

/**
 * Limits a query on tickets to those the scope sees: the numbers' tickets and the ones the member
 * opened. The ticket list, a ticket's page and the dashboard's count all go through here.
 */
export function ticketsWithinScope<T extends Knex.QueryBuilder>(
  db: Db,
  query: T,
  table: string,
  scope: TicketScope,
): T {
  query.where(`${table}.account_id`, scope.accountId);
  if (scope.accountScope === 'assigned') {
    query.where((w) => {
      void w
        .whereIn(`${table}.account_number_id`, assignedNumbers(db, scope))
        .orWhere(`${table}.opened_by_user_id`, scope.userId);
    });
  }
  return query;
}
