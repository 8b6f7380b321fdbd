import type { Knex } from 'knex';

// Money is bigint cents (issue 18, item 3); invoices_unpaid_idx, which includes the column, is rebuilt with it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices ALTER COLUMN total_cents TYPE bigint');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoices ALTER COLUMN total_cents TYPE integer');
}
