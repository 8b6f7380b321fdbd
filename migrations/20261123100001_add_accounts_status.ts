import type { Knex } from 'knex';

// Suspended: its users cannot sign in to it, its data is kept. Closed: for good; its trunks go back
// to the pool (the pool rule counts only accounts that are not closed). Nothing is ever deleted.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts
      ADD COLUMN status text NOT NULL DEFAULT 'active'
        CONSTRAINT accounts_status_check CHECK (status IN ('active', 'suspended', 'closed'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE accounts DROP COLUMN status');
}
