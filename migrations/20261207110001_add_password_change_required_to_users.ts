import type { Knex } from 'knex';

/**
 * A login made with a password someone else chose (a sub-account, or an owner the Accounts Manager
 * created with a generated or typed password) replaces it at its first sign-in, together with
 * choosing its security questions. Cleared when the user sets a password of their own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT false');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users DROP COLUMN password_change_required');
}
