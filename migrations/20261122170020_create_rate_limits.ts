import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE rate_limits (
      key text PRIMARY KEY CHECK (length(key) <= 300),
      hits integer NOT NULL CHECK (hits >= 0),
      reset_at timestamptz NOT NULL
    );
    CREATE INDEX rate_limits_reset_at_idx ON rate_limits (reset_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE rate_limits');
}
