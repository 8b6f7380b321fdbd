import type { Knex } from 'knex';

// /services pages by (account number, name, id): the planner walks one account's numbers in order
// on this index, and takes each number's services from services_account_idx.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX account_numbers_account_number_idx ON account_numbers (account_id, number, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX account_numbers_account_number_idx');
}
