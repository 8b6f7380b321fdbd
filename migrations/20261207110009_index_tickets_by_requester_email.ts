import type { Knex } from 'knex';

// The search box finds a ticket by its requester's e-mail.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX tickets_requester_email_idx ON tickets (requester_email)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tickets_requester_email_idx');
}
