import type { Knex } from 'knex';

// A reference is unique within its account's ledger (entries without one are not compared): the last
// word when two posts of the same payment arrive at once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE UNIQUE INDEX credit_entries_reference_key ON credit_entries (account_id, reference) WHERE reference IS NOT NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX credit_entries_reference_key');
}
