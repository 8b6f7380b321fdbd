import type { Knex } from 'knex';

/** Where a reply to the message should go (ticket e-mail: the support address the inbound listener files). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE mail_outbox
      ADD COLUMN reply_to text CHECK (reply_to ~ '^[^\\s<>@]+@[^\\s<>@]+$' AND length(reply_to) <= 254)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE mail_outbox DROP COLUMN reply_to');
}
