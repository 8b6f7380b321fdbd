import type { Knex } from 'knex';

// Invoice numbers are unique per account (invoices_account_id_number_key), no longer across the platform.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices DROP CONSTRAINT invoices_number_key');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number)');
}
