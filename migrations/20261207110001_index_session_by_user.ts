import type { Knex } from 'knex';

// «Sesiones y dispositivos» lists a user's open sessions: found by the user id that signing in
// writes into the session (the row is connect-pg-simple's; its id column is the secret cookie).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX session_user_idx ON session (((sess->>'userId')::int)) WHERE sess->>'userId' IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX session_user_idx');
}
