import type { Knex } from 'knex';

// A service fed by the billing system is known by that system's own id (issue 19, item 5); services
// written before it have none.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE services ADD COLUMN external_id text
      CONSTRAINT services_external_id_check CHECK (external_id ~ '^[A-Za-z0-9._:-]{1,100}$')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE services DROP COLUMN external_id');
}
