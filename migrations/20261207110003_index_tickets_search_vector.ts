import type { Knex } from 'knex';

// The search box's words: one GIN look-up instead of reading every subject.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_search_idx');
}
