import type { Knex } from 'knex';

// The words of a ticket's subject for full-text search, stemmed in Spanish and in English (a ticket
// may be written in either): kept by PostgreSQL itself, so no write path can forget it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      to_tsvector('spanish'::regconfig, subject) || to_tsvector('english'::regconfig, subject)
    ) STORED
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN search_vector');
}
