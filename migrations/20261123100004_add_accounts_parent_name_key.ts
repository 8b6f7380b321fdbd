import type { Knex } from 'knex';

// A parent's children have different names (ignoring case), so the Accounts Manager list is unambiguous.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE UNIQUE INDEX accounts_parent_name_key ON accounts (parent_id, lower(name))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX accounts_parent_name_key');
}
