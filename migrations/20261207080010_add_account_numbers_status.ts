import type { Knex } from 'knex';

// The billing system says whether an account number is still in use (issue 19, item 5).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE account_numbers ADD COLUMN status text NOT NULL DEFAULT 'active'
      CONSTRAINT account_numbers_status_check CHECK (status IN ('active', 'closed'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE account_numbers DROP COLUMN status');
}
