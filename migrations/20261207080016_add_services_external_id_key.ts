import type { Knex } from 'knex';

// A billing system's service id is unique within the customer account (services without one are not compared).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE services ADD CONSTRAINT services_account_id_external_id_key UNIQUE (account_id, external_id)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE services DROP CONSTRAINT services_account_id_external_id_key');
}
