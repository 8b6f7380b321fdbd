import type { Knex } from 'knex';

// The account's language, chosen when a parent creates it: its first admin's e-mails use it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts
      ADD COLUMN locale text NOT NULL DEFAULT 'es' CONSTRAINT accounts_locale_check CHECK (locale IN ('es', 'en'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE accounts DROP COLUMN locale');
}
