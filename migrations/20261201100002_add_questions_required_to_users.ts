import type { Knex } from 'knex';

/**
 * A login made with a password someone else chose (a sub-account created with a password) has no
 * security questions yet: it is asked for them at its first sign-in, as an invited user is when
 * registering. Cleared when the questions are saved.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users ADD COLUMN questions_required boolean NOT NULL DEFAULT false');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users DROP COLUMN questions_required');
}
