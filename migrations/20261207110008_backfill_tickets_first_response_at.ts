import type { Knex } from 'knex';

// Tickets the helpdesk had already answered: their first answer's time (idempotent).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    UPDATE tickets t SET first_response_at = m.first_at
      FROM (SELECT ticket_id, min(created_at) AS first_at FROM ticket_messages
             WHERE author_kind = 'staff' AND NOT internal GROUP BY ticket_id) m
     WHERE m.ticket_id = t.id AND t.first_response_at IS NULL
  `);
}

export async function down(): Promise<void> {
  // Nothing to undo: the column goes with its own migration.
}
