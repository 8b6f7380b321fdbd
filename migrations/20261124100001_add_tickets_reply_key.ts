import type { Knex } from 'knex';

// The reference ticket e-mails carry for replies ([#NNNNNN-<key>]): 90 random bits from
// gen_random_uuid() (a strong random source), so a reply's ticket cannot be guessed the way six
// digits can. Existing tickets get one too.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets
      ADD COLUMN reply_key text NOT NULL DEFAULT substr(replace(gen_random_uuid()::text, '-', ''), 1, 24)
        CHECK (reply_key ~ '^[0-9a-f]{24}$')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN reply_key');
}
