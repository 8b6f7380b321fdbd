import type { Knex } from 'knex';

// The ledger page of the Accounts Manager walks one account's entries newest first by id (keyset).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX credit_entries_account_id_idx ON credit_entries (account_id, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX credit_entries_account_id_idx');
}
