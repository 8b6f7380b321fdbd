import type { Knex } from 'knex';

// Numbers are unique per account (account_numbers_account_id_number_key), no longer across the platform.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE account_numbers DROP CONSTRAINT account_numbers_number_key');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE account_numbers ADD CONSTRAINT account_numbers_number_key UNIQUE (number)');
}
