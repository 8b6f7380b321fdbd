import type { Knex } from 'knex';

// «Actividad de la cuenta» filters by action and offers the actions an account's log holds.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX audit_events_account_action_idx ON audit_events (account_id, action, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX audit_events_account_action_idx');
}
