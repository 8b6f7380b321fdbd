import type { Knex } from 'knex';

// «¿Olvidaste tu contraseña?» only records the request; the link is issued afterwards by the mail
// worker, so the request costs the same for a registered and an unknown address (issue 11, item 8).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE password_reset_requests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) BETWEEN 1 AND 254),
      requested_ip text NOT NULL DEFAULT '',
      requested_at timestamptz NOT NULL DEFAULT now()
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE password_reset_requests');
}
