import type { Knex } from 'knex';

// An API token acting for its account is named in the audit log beside the person who created it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE audit_events ADD COLUMN actor_token_id bigint REFERENCES api_tokens (id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_events DROP COLUMN actor_token_id');
}
