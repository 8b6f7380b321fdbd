import type { Knex } from 'knex';

// The helpdesk looks accounts up by a number alone (models/helpdesk.ts); the platform-wide unique key
// served that until now, and goes in the next migration.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX account_numbers_number_idx ON account_numbers (number)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX account_numbers_number_idx');
}
