import type { Knex } from 'knex';

// What a service is decides who hears about it: «Dominios» contacts for domains, «Productos» for the rest.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE services ADD COLUMN kind text NOT NULL DEFAULT 'other'
      CONSTRAINT services_kind_check CHECK (kind IN ('telephony', 'internet', 'hosting', 'domain', 'other'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE services DROP COLUMN kind');
}
