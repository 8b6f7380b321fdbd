import type { Knex } from 'knex';

// The helpdesk agent who owns a ticket («Asignarme»); a deleted user leaves it unassigned.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets ADD COLUMN assigned_user_id bigint REFERENCES users (id) ON DELETE SET NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN assigned_user_id');
}
