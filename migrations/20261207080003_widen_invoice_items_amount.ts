import type { Knex } from 'knex';

// Money is bigint cents (issue 18, item 3).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoice_items ALTER COLUMN amount_cents TYPE bigint');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoice_items ALTER COLUMN amount_cents TYPE integer');
}
