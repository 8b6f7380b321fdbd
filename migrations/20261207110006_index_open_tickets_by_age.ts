import type { Knex } from 'knex';

// The open queue by age, oldest first.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX tickets_open_age_idx ON tickets (created_at, id) WHERE status <> 'closed'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_open_age_idx');
}
