import type { Knex } from 'knex';

// A ticket merged into another: closed, pointing at the ticket its messages (and its replies) went to.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets ADD COLUMN merged_into_id bigint REFERENCES tickets (id) ON DELETE SET NULL
      CHECK (merged_into_id <> id)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN merged_into_id');
}
