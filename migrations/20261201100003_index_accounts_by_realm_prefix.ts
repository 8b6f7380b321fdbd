import type { Knex } from 'knex';

// The helpdesk's account lookup finds a realm by its start (`k7m2`): a prefix LIKE needs pattern ops.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX accounts_realm_prefix_idx ON accounts (realm text_pattern_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX accounts_realm_prefix_idx');
}
