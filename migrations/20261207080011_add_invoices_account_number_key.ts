import type { Knex } from 'knex';

// Invoice numbers are unique within a customer account: two resellers' billing systems both issue
// FAC-0001 (issue 19, item 5). The platform-wide key goes next.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices ADD CONSTRAINT invoices_account_id_number_key UNIQUE (account_id, number)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices DROP CONSTRAINT invoices_account_id_number_key');
}
