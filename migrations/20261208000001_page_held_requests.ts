import type { Knex } from 'knex';

// /staff/requests pages the held mail by (received_at, id), oldest first: the partial index gets the id.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX inbound_messages_held_idx;
    CREATE INDEX inbound_messages_held_idx ON inbound_messages (received_at, id) WHERE status = 'held';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX inbound_messages_held_idx;
    CREATE INDEX inbound_messages_held_idx ON inbound_messages (received_at) WHERE status = 'held';
  `);
}
