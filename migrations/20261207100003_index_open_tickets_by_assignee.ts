import type { Knex } from 'knex';

// «Mis tickets» and «Sin asignar»: an agent's open tickets, most recent reply first, without
// reading every open ticket of the platform.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX tickets_open_assignee_idx ON tickets (assigned_user_id, last_reply_at DESC, id DESC)
      WHERE status <> 'closed'
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_open_assignee_idx');
}
