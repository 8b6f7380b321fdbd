import type { Knex } from 'knex';

// Billing numbers are unique within a customer account, not across the platform: two resellers'
// billing systems both have a number 100200300 (issue 19, item 5). The platform-wide key goes next.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE account_numbers ADD CONSTRAINT account_numbers_account_id_number_key UNIQUE (account_id, number)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE account_numbers DROP CONSTRAINT account_numbers_account_id_number_key');
}
