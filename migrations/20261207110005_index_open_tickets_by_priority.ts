import type { Knex } from 'knex';

// The open queue by priority, then oldest first.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX tickets_open_priority_idx ON tickets (priority_order, created_at, id) WHERE status <> 'closed'
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_open_priority_idx');
}
