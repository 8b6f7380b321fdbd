import type { Knex } from 'knex';

// A ticket's public number was six digits, unique across the platform: a million tickets in all,
// and opening one slowed down as the space filled (then never finished). Numbers now widen to seven
// and then eight digits once six-digit ones run short (models/tickets.ts); existing numbers keep
// their six digits. char(6) → varchar(8) rewrites the table and its unique index once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets DROP CONSTRAINT tickets_number_check;
    ALTER TABLE tickets ALTER COLUMN number TYPE varchar(8);
    ALTER TABLE tickets ADD CONSTRAINT tickets_number_check CHECK (number ~ '^[0-9]{6,8}$');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets DROP CONSTRAINT tickets_number_check;
    ALTER TABLE tickets ALTER COLUMN number TYPE char(6);
    ALTER TABLE tickets ADD CONSTRAINT tickets_number_check CHECK (number ~ '^[0-9]{6}$');
  `);
}
