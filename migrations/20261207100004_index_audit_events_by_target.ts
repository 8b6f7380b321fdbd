import type { Knex } from 'knex';

// A ticket's history on the helpdesk page is the audit log's events about it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX audit_events_target_idx');
}
