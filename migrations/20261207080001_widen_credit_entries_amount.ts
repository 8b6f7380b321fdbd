import type { Knex } from 'knex';

// Money is bigint cents (issue 18, item 3): an integer column refused credit above 21,474,836.47 with a 500.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE credit_entries ALTER COLUMN amount_cents TYPE bigint');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE credit_entries ALTER COLUMN amount_cents TYPE integer');
}
