import type { Knex } from 'knex';

// What a ticket shows of an e-mailed message: its new text without the quoted history and the
// signature (src/mail/reply-text.ts). NULL when that is the whole body, which is always kept.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE ticket_messages ADD COLUMN reply_text text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE ticket_messages DROP COLUMN reply_text');
}
