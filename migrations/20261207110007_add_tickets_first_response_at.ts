import type { Knex } from 'knex';

// When the helpdesk first answered (an internal note is not an answer): the first-response target
// («Vencido») is measured up to it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets ADD COLUMN first_response_at timestamptz');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN first_response_at');
}
