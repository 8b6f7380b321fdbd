import type { Knex } from 'knex';

// The helpdesk queue lists open tickets across accounts, most recent reply first; without this index
// each page sorted every open ticket (75,000 open: 86 ms a page).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX tickets_open_idx ON tickets (last_reply_at DESC, id DESC) WHERE status <> 'closed';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_open_idx');
}
