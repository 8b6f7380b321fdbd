import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { MemberUser } from '../current-user';

/** Whose data: the account, and for a member limited to some account numbers, those numbers only. */
export interface NumberScope {
  accountId: number;
  membershipId: number;
  accountScope: 'all' | 'assigned';
}

export function scopeOf(current: MemberUser): NumberScope {
  return {
    accountId: current.account.id,
    membershipId: current.membership.id,
    accountScope: current.membership.accountScope,
  };
}

/** Limits a query on a table with account_id and account_number_id to the scope. */
export function withinScope<T extends Knex.QueryBuilder>(db: Db, query: T, table: string, scope: NumberScope): T {
  query.where(`${table}.account_id`, scope.accountId);
  if (scope.accountScope === 'assigned') {
    query.whereIn(
      `${table}.account_number_id`,
      db('membership_account_numbers').select('account_number_id').where({ membership_id: scope.membershipId }),
    );
  }
  return query;
}
